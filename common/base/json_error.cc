#include "common/base/json_error.h"

#include "common/base/printable.h"

namespace gazette {
namespace {

constexpr size_t kMaxQuotedBytes = 40;
constexpr size_t kMaxMessageBytes = 300;

}  // namespace

std::string DescribeJsonError(std::string_view what) {
  std::string message(what);
  if (message.starts_with("[json.exception.")) {
    const size_t close = message.find("] ");
    if (close != std::string::npos) message.erase(0, close + 2);
  }
  // "at line 1, column 7" -> "at column 7": the input is one line.
  if (const size_t at = message.find("at line "); at != std::string::npos) {
    const size_t column = message.find("column ", at);
    if (column != std::string::npos) message.erase(at + 3, column - at - 3);
  }
  // The input nlohmann quotes: "...; last read: '<token>'; expected ..." in
  // a parse error, "number overflow parsing '<token>'" in an out_of_range.
  for (std::string_view marker : {"last read: '", "parsing '"}) {
    const size_t start = message.find(marker);
    if (start == std::string::npos) continue;
    const size_t token = start + marker.size();
    size_t end = message.rfind("'; expected ");
    if (end == std::string::npos || end < token) end = message.rfind('\'');
    if (end == std::string::npos || end < token) continue;
    message.replace(
        token, end - token,
        Printable(std::string_view(message).substr(token, end - token),
                  kMaxQuotedBytes));
    break;
  }
  return Printable(message, kMaxMessageBytes);
}

}  // namespace gazette
