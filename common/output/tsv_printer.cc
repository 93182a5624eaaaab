// The TSV printer: a header line, then one line of tab-separated columns per
// hit, for spreadsheets, cut and awk (docs/json-format.md, "tsv").
#include <array>
#include <charconv>

#include "gazette/printers.h"

namespace gazette {
namespace {

constexpr char kHeader[] = "rank\tscore\tdate\tid\tpath\ttitle\tsnippet\n";

// File names and titles may hold tabs or line breaks; escaping them keeps
// one hit on one line with a fixed number of columns.
std::string Escaped(std::string_view field) {
  std::string out;
  out.reserve(field.size());
  for (char c : field) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
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
           << Escaped(hit.snippet.text) << '\n';
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
