#include "common/batch_runner.h"

#include <nlohmann/json.hpp>

#include "common/batch_request.h"
#include "common/error.h"

namespace gazette {
namespace {

// Reads one line into `line`, keeping at most kMaxBatchLineBytes + 1 bytes
// of it, so a hostile line cannot exhaust memory; the rest is skipped.
// Returns false at the end of input with nothing read.
bool ReadLine(std::istream& in, std::string& line) {
  line.clear();
  std::streambuf* buf = in.rdbuf();
  bool any = false;
  for (;;) {
    const auto c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      return any;
    }
    any = true;
    if (c == '\n') return true;
    if (line.size() <= kMaxBatchLineBytes) line += static_cast<char>(c);
  }
}

std::string_view KindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage:
      return "request";
    case ErrorKind::kQuery:
      return "query";
    default:
      return "index";
  }
}

}  // namespace

BatchSummary RunBatch(Searcher& searcher, std::istream& in, std::ostream& out,
                      const BatchOptions& options) {
  BatchSummary summary;
  std::string line;
  while (ReadLine(in, line)) {
    ++summary.lines;
    nlohmann::ordered_json answer;
    const ParsedRequest parsed = ParseBatchRequest(line, options.defaults);
    if (!parsed.ok()) {
      answer = ErrorToJson("request", parsed.error, options.format_version);
      ++summary.rejected;
    } else {
      try {
        answer = ResultToJson(searcher.Search(parsed.request),
                              options.format_version);
        ++summary.answered;
      } catch (const Error& e) {
        const std::string_view kind = KindName(e.kind());
        answer = ErrorToJson(kind, e.what(), options.format_version);
        if (kind == "index") {
          summary.index_error = e.what();
        } else {
          ++summary.rejected;
        }
      }
    }
    answer["line"] = summary.lines;
    out << DumpJsonLine(answer) << '\n';
    out.flush();
    if (!out) {
      summary.output_failed = true;
      break;
    }
    if (!summary.index_error.empty()) break;
  }
  return summary;
}

}  // namespace gazette
