#include "cli/numeric_option.h"

#include <charconv>

#include "common/base/printable.h"

namespace po = boost::program_options;

namespace gazette {

po::typed_value<std::string>* NumberValue(int64_t default_value) {
  return NumberValue()->default_value(std::to_string(default_value));
}

po::typed_value<std::string>* NumberValue() {
  return po::value<std::string>()->value_name("N");
}

std::optional<int64_t> ParseDecimal(std::string_view text) {
  const size_t first_digit = text.starts_with('-') ? 1 : 0;
  if (text.size() <= first_digit || text[first_digit] < '0' ||
      text[first_digit] > '9')
    return std::nullopt;
  int64_t value = 0;
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

std::string RangeText(int64_t min, int64_t max) {
  return "an integer from " + std::to_string(min) + " to " +
         std::to_string(max);
}

int64_t NumericOption(const ProgramInfo& info, const po::variables_map& vm,
                      const char* name, int64_t min, int64_t max) {
  const std::string text = vm[name].as<std::string>();
  const std::optional<int64_t> value = ParseDecimal(text);
  if (!value || *value < min || *value > max) {
    UsageError(info, "--" + std::string(name) + " must be " +
                         RangeText(min, max) + ", got '" + Printable(text, 40) +
                         "'");
  }
  return *value;
}

}  // namespace gazette
