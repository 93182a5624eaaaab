// Turns the bytes of an article file into clean UTF-8 text.
#ifndef GAZETTE_COMMON_BASE_TEXT_DECODER_H_
#define GAZETTE_COMMON_BASE_TEXT_DECODER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

struct DecodedText {
  // UTF-8 with LF line ends. Empty when skip_reason is set.
  std::string text;
  // Set when the bytes are not text ("binary file (NUL bytes)"); the caller
  // skips the file.
  std::optional<std::string> skip_reason;
  // Repairs made ("invalid UTF-8 repaired (3 bytes replaced by U+FFFD)").
  std::vector<std::string> warnings;
};

// Decodes UTF-8 (with or without a BOM) or UTF-16 with a BOM. CRLF and lone
// CR become LF; invalid UTF-8 is replaced by U+FFFD with a warning; NUL bytes
// in a file without a UTF-16 BOM mark it as binary.
[[nodiscard]] DecodedText DecodeArticleBytes(std::string_view bytes);

// The lines of a text file, without their ends ("\n" or "\r\n"); a last
// line without an end is a line, an empty text has none. The views point
// into `text`.
[[nodiscard]] std::vector<std::string_view> SplitLines(std::string_view text);

}  // namespace gazette

#endif  // GAZETTE_COMMON_BASE_TEXT_DECODER_H_
