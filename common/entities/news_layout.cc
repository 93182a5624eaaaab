#include "common/entities/news_layout.h"

#include <algorithm>
#include <array>

namespace gazette {
namespace {

bool Upper(char c) { return c >= 'A' && c <= 'Z'; }
bool Lower(char c) { return c >= 'a' && c <= 'z'; }
bool Letter(char c) { return Upper(c) || Lower(c); }
bool Digit(char c) { return c >= '0' && c <= '9'; }

char LowerCase(char c) {
  return Upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return LowerCase(x) == LowerCase(y);
         });
}

// News agencies that sign a story off or tag a dateline.
constexpr std::array<std::string_view, 7> kAgencies = {
    "reuter", "reuters", "ap", "afp", "upi", "dpa", "ansa"};

bool IsAgency(std::string_view word) {
  return std::any_of(
      kAgencies.begin(), kAgencies.end(),
      [&](std::string_view a) { return EqualsIgnoringCase(word, a); });
}

// Reads the dateline at `p`; a small recursive-descent reader over bytes.
class DatelineReader {
 public:
  DatelineReader(std::string_view text, size_t p) : text_(text), p_(p) {}

  // The dateline and its places, or an empty range when there is none.
  ByteRange Read(std::vector<ByteRange>& places) {
    const size_t start = p_;
    bool first_upper = true;
    // One to three place names, separated by commas; then a date, an
    // agency tag, or (for a place in capitals) the dash alone.
    while (places.size() < 3) {
      const size_t begin = p_;
      bool upper = true;
      if (!PlaceName(upper)) break;
      if (places.empty()) first_upper = upper;
      places.push_back(
          {static_cast<uint32_t>(begin), static_cast<uint32_t>(p_)});
      if (Take(", ")) {
        if (Date()) break;
        continue;
      }
      const size_t after = p_;
      Spaces();
      if (!Date()) p_ = after;  // "Okla. March 11": no comma before it
      break;
    }
    if (places.empty()) return {};
    const bool dated = dated_;
    bool tagged = false;
    if (Take(",")) {
      Spaces();
      tagged = Agency();  // "March 12, Reuter -"
    }
    Spaces();
    if (!tagged && Take("(")) tagged = Agency() && Take(")");
    Spaces();
    if (!(dated || tagged || first_upper) || !Dash()) {
      places.clear();
      return {};
    }
    return {static_cast<uint32_t>(start), static_cast<uint32_t>(p_)};
  }

 private:
  char At(size_t i) const { return i < text_.size() ? text_[i] : '\0'; }

  bool Take(std::string_view s) {
    if (text_.substr(p_, s.size()) != s) return false;
    p_ += s.size();
    return true;
  }

  void Spaces() {
    while (At(p_) == ' ') ++p_;
  }

  // Words of letters, dots, apostrophes and hyphens, the first capitalised,
  // one space apart: "RED BANK", "St. Louis", "N.J.". Sets `upper` false
  // when a letter is in lower case.
  bool PlaceName(bool& upper) {
    const size_t begin = p_;
    size_t words = 0;
    while (words < 5) {
      if (!Upper(At(p_))) break;
      const size_t word = p_;
      while (Letter(At(p_)) || At(p_) == '.' || At(p_) == '\'' || At(p_) == '-')
        upper &= !Lower(At(p_++));
      ++words;
      if (IsMonthWord(text_.substr(word, p_ - word)) && Digit(At(p_ + 1))) {
        p_ = word;  // "OKLAHOMA CITY, Okla. March 11": the date
        --words;
        break;
      }
      if (At(p_) != ' ' || !Letter(At(p_ + 1))) break;
      ++p_;
    }
    while (p_ > begin && At(p_ - 1) == ' ') --p_;
    if (words == 0 || p_ - begin > 40) {
      p_ = begin;
      return false;
    }
    return true;
  }

  size_t Number() {
    size_t n = 0;
    while (Digit(At(p_ + n)) && n < 3) ++n;
    if (Digit(At(p_ + n))) return 0;
    p_ += n;
    return n;
  }

  // "March 11", "Feb 26", "2 March".
  bool Date() {
    const size_t begin = p_;
    size_t end = p_;
    while (Letter(At(end))) ++end;
    if (IsMonthWord(text_.substr(p_, end - p_)) && At(end) == ' ') {
      p_ = end + 1;
      if (Number() > 0) return dated_ = true;
    } else if (p_ = begin; Number() > 0 && Take(" ")) {
      end = p_;
      while (Letter(At(end))) ++end;
      if (IsMonthWord(text_.substr(p_, end - p_))) {
        p_ = end;
        return dated_ = true;
      }
    }
    p_ = begin;
    return false;
  }

  bool Agency() {
    size_t end = p_;
    while (Letter(At(end))) ++end;
    if (end == p_ || !IsAgency(text_.substr(p_, end - p_))) return false;
    p_ = end;
    return true;
  }

  // "-", "--", an en or em dash, then a space or the end of the line.
  bool Dash() {
    if (Take("--") || Take("-") || Take("\u2014") || Take("\u2013")) {
      return At(p_) == ' ' || At(p_) == '\n' || At(p_) == '\0';
    }
    return false;
  }

  std::string_view text_;
  size_t p_;
  bool dated_ = false;
};

size_t LineEnd(std::string_view text, size_t p) {
  const size_t nl = text.find('\n', p);
  return nl == std::string_view::npos ? text.size() : nl;
}

// "By Janie Gabbett, Reuters": "By", a capitalised name, at most 8 words,
// on a line of its own. In capitals ("BY TED SMITH, Reuters") it needs the
// comma before the agency, which a headline in capitals lacks.
ByteRange Byline(std::string_view body, size_t p) {
  const size_t end = LineEnd(body, p);
  const std::string_view line = body.substr(p, end - p);
  const bool by =
      line.starts_with("By ") || line.starts_with("by ") ||
      (line.starts_with("BY ") && line.find(',') != std::string_view::npos);
  if (end == body.size() || line.size() > 80 || !by || line.size() < 4 ||
      !Upper(line[3]) || line.back() == '.' ||
      std::count(line.begin(), line.end(), ' ') > 8) {
    return {};
  }
  return {static_cast<uint32_t>(p), static_cast<uint32_t>(end)};
}

// The last line when it is only an agency's name, or ends with one in
// capitals after a full stop ("... an ounce. REUTER").
ByteRange SignOff(std::string_view body) {
  size_t end = body.size();
  while (end > 0 && (body[end - 1] == ' ' || body[end - 1] == '\n' ||
                     body[end - 1] == '\r' || body[end - 1] == '\t'))
    --end;
  // "REUTER...", "Reuter^M": marks the wire left after it.
  while (true) {
    if (body.substr(0, end).ends_with("^M")) {
      end -= 2;
    } else if (end > 0 && body[end - 1] == '.') {
      --end;
    } else {
      break;
    }
  }
  size_t begin = end;
  while (begin > 0 && Letter(body[begin - 1])) --begin;
  const std::string_view word = body.substr(begin, end - begin);
  if (word.empty() || !IsAgency(word)) return {};
  size_t before = begin;
  while (before > 0 && (body[before - 1] == ' ' || body[before - 1] == '\t'))
    --before;
  const bool own_line = before == 0 || body[before - 1] == '\n';
  const bool after_stop = before < begin && before > 0 &&
                          body[before - 1] == '.' &&
                          std::all_of(word.begin(), word.end(), Upper);
  if (!own_line && !after_stop) return {};
  return {static_cast<uint32_t>(begin), static_cast<uint32_t>(body.size())};
}

}  // namespace

bool IsMonthWord(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (word.size() < 3) return false;
  for (const std::string_view month : kMonths) {
    if (EqualsIgnoringCase(word, month)) return true;
    if (word.size() == 3 && EqualsIgnoringCase(word, month.substr(0, 3)))
      return true;
  }
  return EqualsIgnoringCase(word, "sept");
}

std::vector<ByteRange> FindTickers(std::string_view text) {
  std::vector<ByteRange> tickers;
  for (size_t p = text.find('<'); p != std::string_view::npos;
       p = text.find('<', p + 1)) {
    size_t q = p + 1;
    bool capital = false;
    while (q < text.size() && q - p <= 11 &&
           (Upper(text[q]) || Digit(text[q]) || text[q] == '.')) {
      capital |= Upper(text[q]);
      ++q;
    }
    if (capital && q < text.size() && text[q] == '>' && q - p >= 2)
      tickers.push_back(
          {static_cast<uint32_t>(p), static_cast<uint32_t>(q + 1)});
  }
  return tickers;
}

NewsLayout FindNewsLayout(std::string_view body) {
  NewsLayout layout;
  if (body.size() > UINT32_MAX) body = body.substr(0, UINT32_MAX);
  size_t p = 0;
  while (p < body.size() && (body[p] == ' ' || body[p] == '\n')) ++p;
  layout.byline = Byline(body, p);
  if (!layout.byline.empty()) {
    p = layout.byline.end;
    while (p < body.size() && (body[p] == ' ' || body[p] == '\n')) ++p;
  }
  layout.dateline = DatelineReader(body, p).Read(layout.dateline_places);
  layout.sign_off = SignOff(body);
  if (layout.sign_off.empty()) {
    layout.sign_off = {static_cast<uint32_t>(body.size()),
                       static_cast<uint32_t>(body.size())};
  }
  layout.tickers = FindTickers(body);
  return layout;
}

}  // namespace gazette
