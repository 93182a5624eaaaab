// Text made safe for a one-line message: file names and queries come from
// users and may hold newlines, escape sequences or bytes that are not UTF-8.
#ifndef GAZETTE_COMMON_BASE_PRINTABLE_H_
#define GAZETTE_COMMON_BASE_PRINTABLE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace gazette {

// Returns text with control characters shown as escapes (\n, \r, \t, \0,
// \x1b) and every byte that is not part of valid UTF-8 as \xNN, so that it
// prints on one line and cannot drive a terminal; a backslash stays as it
// is. A result longer than max_bytes (counted in the output, escapes
// included) is cut at a character boundary to at most max_bytes, then "…"
// is added.
std::string Printable(std::string_view text,
                      size_t max_bytes = std::string_view::npos);

}  // namespace gazette

#endif  // GAZETTE_COMMON_BASE_PRINTABLE_H_
