#include "common/base/text_decoder.h"

#include "common/base/utf8.h"

namespace gazette {
namespace {

std::string NormaliseLineEnds(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

DecodedText DecodeArticleBytes(std::string_view bytes) {
  DecodedText result;
  std::string utf8;
  if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') ||
                            (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
    const bool big_endian = bytes[0] == '\xFE';
    utf8 = Utf16ToUtf8(bytes.substr(2), big_endian);
    result.warnings.push_back(big_endian ? "converted from UTF-16BE"
                                         : "converted from UTF-16LE");
    if (utf8.find('\0') != std::string::npos) {
      result.skip_reason = "binary file (NUL characters in UTF-16 text)";
      return result;
    }
  } else {
    if (bytes.find('\0') != std::string_view::npos) {
      result.skip_reason = "binary file (contains NUL bytes)";
      return result;
    }
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    size_t repairs = 0;
    utf8 = RepairUtf8(bytes, &repairs);
    if (repairs > 0) {
      result.warnings.push_back("invalid UTF-8 repaired (" +
                                std::to_string(repairs) +
                                " bytes replaced by U+FFFD)");
    }
  }
  if (utf8.find('\r') != std::string::npos) {
    result.text = NormaliseLineEnds(utf8);
  } else {
    result.text = std::move(utf8);
  }
  return result;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

}  // namespace gazette
