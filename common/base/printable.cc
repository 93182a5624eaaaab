#include "common/base/printable.h"

#include <cstdio>

#include "common/base/utf8.h"

namespace gazette {

std::string Printable(std::string_view text, size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 8);
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const char32_t cp = DecodeUtf8(text, pos);
    const bool invalid = cp == kReplacementChar &&
                         text.substr(start, pos - start) != "\xEF\xBF\xBD";
    char escape[8] = {};
    if (invalid) {
      std::snprintf(escape, sizeof escape, "\\x%02x",
                    static_cast<unsigned char>(text[start]));
    } else if (cp == '\n') {
      std::snprintf(escape, sizeof escape, "\\n");
    } else if (cp == '\r') {
      std::snprintf(escape, sizeof escape, "\\r");
    } else if (cp == '\t') {
      std::snprintf(escape, sizeof escape, "\\t");
    } else if (cp == 0) {
      std::snprintf(escape, sizeof escape, "\\0");
    } else if (cp < 0x20 || cp == 0x7f) {
      std::snprintf(escape, sizeof escape, "\\x%02x",
                    static_cast<unsigned>(cp));
    } else if (cp >= 0x80 && cp < 0xa0) {
      // C1 controls (CSI and the like) drive terminals too.
      std::snprintf(escape, sizeof escape, "\\u%04x",
                    static_cast<unsigned>(cp));
    }
    const std::string_view piece = escape[0] != '\0'
                                       ? std::string_view(escape)
                                       : text.substr(start, pos - start);
    // The bound is on what is printed: escapes take up to four times the
    // bytes they stand for, and a message must stay short whatever it quotes.
    if (out.size() + piece.size() > max_bytes) {
      out += "…";
      break;
    }
    out.append(piece);
  }
  return out;
}

}  // namespace gazette
