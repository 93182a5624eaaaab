// Numeric command-line options, checked against their ranges before any
// work starts: Boost would read "-1" as a huge unsigned number, and a
// thread count of four billion is no thread count.
#ifndef GAZETTE_CLI_NUMERIC_OPTION_H_
#define GAZETTE_CLI_NUMERIC_OPTION_H_

#include <boost/program_options.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cli/command_line.h"

namespace gazette {

// A numeric option's text value with its default, for options_description:
// numbers are taken as text and checked by NumericOption, never by Boost.
boost::program_options::typed_value<std::string>* NumberValue(
    int64_t default_value);
boost::program_options::typed_value<std::string>* NumberValue();

// Decimal digits only, perhaps after a minus sign ("12", "-1"; not "+12",
// " 12", "1e3" or "0x10"), as a value that fits in int64_t; nullopt
// otherwise.
std::optional<int64_t> ParseDecimal(std::string_view text);

// The value of the numeric option `name` (without "--"), which must be a
// decimal integer from `min` to `max`. Throws Error(kUsage) otherwise, in
// one line naming the option, the range and the value given:
// "--jobs must be an integer from 0 to 256, got '-1'".
int64_t NumericOption(const ProgramInfo& info,
                      const boost::program_options::variables_map& vm,
                      const char* name, int64_t min, int64_t max);

// "an integer from MIN to MAX", as messages and --help say it.
std::string RangeText(int64_t min, int64_t max);

}  // namespace gazette

#endif  // GAZETTE_CLI_NUMERIC_OPTION_H_
