#include "common/result_printer.h"

namespace gazette {

std::string_view OutputFormatName(OutputFormat format) {
  switch (format) {
    case OutputFormat::kText:
      return "text";
    case OutputFormat::kJson:
      return "json";
  }
  return "text";
}

std::optional<OutputFormat> ParseOutputFormat(std::string_view name) {
  for (OutputFormat format : {OutputFormat::kText, OutputFormat::kJson}) {
    if (OutputFormatName(format) == name) return format;
  }
  return std::nullopt;
}

}  // namespace gazette
