// The TSV printer: a header line, then one line of tab-separated columns per
// hit, for spreadsheets, cut and awk (docs/json-format.md, "tsv").
#include <array>
#include <charconv>
#include <cstdio>

#include "common/base/utf8.h"
#include "gazette/printers.h"

namespace gazette {
namespace {

// New columns go at the end (docs/json-format.md, "Versions").
constexpr char kHeader[] =
    "rank\tscore\tdate\tid\tpath\ttitle\tsnippet\tsource\turl\n";

// File names, titles and texts come from the corpus and may hold tabs,
// line breaks or escape sequences: escaping them keeps one hit on one line
// with a fixed number of columns, and keeps the terminal's controls out of
// a `searcher --format tsv` read on screen. Reversible: \\, \t, \n, \r,
// and \xHH for each byte of any other control character (U+0000-U+001F,
// U+007F, U+0080-U+009F) and for each byte that is not valid UTF-8.
std::string Escaped(std::string_view field) {
  std::string out;
  out.reserve(field.size());
  size_t pos = 0;
  while (pos < field.size()) {
    const size_t start = pos;
    const char32_t cp = DecodeUtf8(field, pos);
    const std::string_view bytes = field.substr(start, pos - start);
    const bool invalid = cp == kReplacementChar && bytes != "\xEF\xBF\xBD";
    switch (cp) {
      case '\\':
        out += "\\\\";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      default:
        break;
    }
    if (invalid || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
      for (const char byte : bytes) {
        char escape[8];
        std::snprintf(escape, sizeof escape, "\\x%02x",
                      static_cast<unsigned char>(byte));
        out += escape;
      }
      continue;
    }
    out += bytes;
  }
  return out;
}

// The shortest text that reads back as the same double.
std::string ScoreText(double score) {
  std::array<char, 32> buf;
  const auto [end, ec] =
      std::to_chars(buf.data(), buf.data() + buf.size(), score);
  return ec == std::errc() ? std::string(buf.data(), end) : "0";
}

class TsvPrinter : public ResultPrinter {
 public:
  explicit TsvPrinter(std::ostream& out) : out_(out) {}

  void Print(const SearchResult& result) override {
    out_ << kHeader;
    for (const Hit& hit : result.hits) {
      out_ << hit.rank << '\t' << ScoreText(hit.score) << '\t'
           << (hit.date ? hit.date->ToIso() : "") << '\t' << Escaped(hit.id)
           << '\t' << Escaped(hit.path) << '\t' << Escaped(hit.title) << '\t'
           << Escaped(hit.snippet.text) << '\t' << Escaped(hit.source) << '\t'
           << Escaped(hit.url) << '\n';
      if (!out_) return;
    }
    out_.flush();
  }

 private:
  std::ostream& out_;
};

}  // namespace

std::unique_ptr<ResultPrinter> MakeTsvPrinter(std::ostream& out) {
  return std::make_unique<TsvPrinter>(out);
}

}  // namespace gazette
