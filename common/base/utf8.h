// UTF-8 decoding, validation and repair, shared by the reader, the extractor
// and the folding of names.
#ifndef GAZETTE_COMMON_BASE_UTF8_H_
#define GAZETTE_COMMON_BASE_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace gazette {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes the code point starting at text[pos] and advances pos past it.
// An invalid or truncated sequence decodes as U+FFFD and consumes one byte,
// so a caller always makes progress.
char32_t DecodeUtf8(std::string_view text, size_t& pos);

// Appends the UTF-8 encoding of cp to out.
void AppendUtf8(std::string& out, char32_t cp);

// Returns text with every invalid sequence replaced by U+FFFD; counts the
// replacements in *repairs when given.
std::string RepairUtf8(std::string_view text, size_t* repairs = nullptr);

// Converts UTF-16 (little- or big-endian, without the BOM) to UTF-8; unpaired
// surrogates become U+FFFD.
std::string Utf16ToUtf8(std::string_view bytes, bool big_endian);

}  // namespace gazette

#endif  // GAZETTE_COMMON_BASE_UTF8_H_
