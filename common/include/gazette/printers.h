// Printers turn a SearchResult into text for people, or into one of the
// machine formats docs/json-format.md specifies (JSON, JSON Lines, paths,
// TSV, a count) for scripts. A printer writes to the stream it was made
// with and is used by one thread at a time; the free functions that return
// strings may be called from any thread.
#ifndef GAZETTE_PRINTERS_H_
#define GAZETTE_PRINTERS_H_

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "gazette/index_stats.h"
#include "gazette/search_result.h"

namespace gazette {

enum class OutputFormat { kText, kJson, kJsonl, kPaths, kTsv };

std::string_view OutputFormatName(OutputFormat format);
std::optional<OutputFormat> ParseOutputFormat(std::string_view name);
// "text, json, jsonl, paths, tsv", for messages and --help.
std::string OutputFormatNames();

// The newest version of the machine formats docs/json-format.md describes,
// and every version the printers can still write (oldest first). A
// version is dropped from the list only when its fields can no longer be
// produced as documented.
inline constexpr int kJsonFormatVersion = 1;
std::span<const int> SupportedFormatVersions();
bool IsSupportedFormatVersion(int version);
// "1" or "1, 2": for messages.
std::string SupportedFormatVersionNames();

class ResultPrinter {
 public:
  virtual ~ResultPrinter() = default;
  // Writes one result and flushes. Stream errors are left in the stream's
  // state; the caller checks it.
  virtual void Print(const SearchResult& result) = 0;
};

// How text output marks the query's words in snippets.
enum class Highlight {
  kNone,     // plain text
  kAnsi,     // ANSI bold (titles bold and dates dim too)
  kMarkers,  // TextStyle::open and TextStyle::close around each word
};

std::string_view HighlightName(Highlight highlight);
std::optional<Highlight> ParseHighlight(std::string_view name);

struct TextStyle {
  Highlight highlight = Highlight::kNone;
  // Used with Highlight::kMarkers.
  std::string open = "**";
  std::string close = "**";
  // Paths under this directory print relative to it (the caller's cwd).
  std::string path_base;
};

std::unique_ptr<ResultPrinter> MakeTextPrinter(std::ostream& out,
                                               TextStyle style);
// One JSON object per result, on one line.
std::unique_ptr<ResultPrinter> MakeJsonPrinter(
    std::ostream& out, int format_version = kJsonFormatVersion);
// One "hit" object per line, then one "summary" line.
std::unique_ptr<ResultPrinter> MakeJsonLinesPrinter(
    std::ostream& out, int format_version = kJsonFormatVersion);
// Each hit's path followed by `terminator` ('\n', or '\0' for xargs -0),
// once: articles of one JSON Lines file share its path.
std::unique_ptr<ResultPrinter> MakePathsPrinter(std::ostream& out,
                                                char terminator);
// A header line, then one tab-separated line per hit.
std::unique_ptr<ResultPrinter> MakeTsvPrinter(std::ostream& out);
// Only the number of matching articles (the lower bound: exact when the
// search counted exactly).
std::unique_ptr<ResultPrinter> MakeCountPrinter(std::ostream& out);

// The lines the JSON printers write, for callers that embed them: one
// object, without a newline, keys in the order docs/json-format.md lists
// them. `line` > 0 adds a last field "line" (batch mode's input line
// number). `format_version` must be supported.
std::string ResultJsonLine(const SearchResult& result,
                           int format_version = kJsonFormatVersion,
                           size_t line = 0);
// A request that got no result: `kind` is "request", "query" or "index".
std::string ErrorJsonLine(std::string_view kind, std::string_view message,
                          int format_version = kJsonFormatVersion,
                          size_t line = 0);
// The same objects as JSON values, for programs that work on them.
nlohmann::ordered_json ResultToJson(const SearchResult& result,
                                    int format_version = kJsonFormatVersion);
nlohmann::ordered_json ErrorToJson(std::string_view kind,
                                   std::string_view message,
                                   int format_version = kJsonFormatVersion);

// `indexer stats`: text for people, or one JSON object (format text or
// json; docs/json-format.md).
void PrintIndexStats(std::ostream& out, const IndexStats& stats,
                     OutputFormat format);

// Serialises j on one line without a newline. Strings that are not valid
// UTF-8 (file names need not be) get U+FFFD for each bad byte rather than
// failing.
std::string DumpJsonLine(const nlohmann::ordered_json& j);

}  // namespace gazette

#endif  // GAZETTE_PRINTERS_H_
