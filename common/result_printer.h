// Printers turn a SearchResult into text for people or JSON for scripts.
// The JSON format is specified in docs/json-format.md.
#ifndef GAZETTE_COMMON_RESULT_PRINTER_H_
#define GAZETTE_COMMON_RESULT_PRINTER_H_

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "common/search_result.h"

namespace gazette {

enum class OutputFormat { kText, kJson };

std::string_view OutputFormatName(OutputFormat format);
std::optional<OutputFormat> ParseOutputFormat(std::string_view name);

// The version of the JSON format docs/json-format.md describes.
inline constexpr int kJsonFormatVersion = 1;

class ResultPrinter {
 public:
  virtual ~ResultPrinter() = default;
  // Writes one result. Stream errors are left in the stream's state.
  virtual void Print(const SearchResult& result) = 0;
};

struct TextStyle {
  // ANSI bold for highlights and titles.
  bool color = false;
  // Paths under this directory print relative to it (the caller's cwd).
  std::string path_base;
};

std::unique_ptr<ResultPrinter> MakeTextPrinter(std::ostream& out,
                                               TextStyle style);
std::unique_ptr<ResultPrinter> MakeJsonPrinter(std::ostream& out);

// The JSON object MakeJsonPrinter writes, for callers that embed it.
nlohmann::json ResultToJson(const SearchResult& result);

}  // namespace gazette

#endif  // GAZETTE_COMMON_RESULT_PRINTER_H_
