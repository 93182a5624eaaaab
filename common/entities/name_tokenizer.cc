#include "common/entities/name_tokenizer.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <limits>

#include "common/base/utf8.h"

namespace gazette {
namespace {

enum class CharClass : uint8_t {
  kUpper,
  kLower,
  kCaseless,  // letters of scripts without case, combining marks
  kDigit,
  kSpace,
  kNewline,
  kApostrophe,  // ' ’ ʼ
  kHyphen,      // - ‐ ‑
  kDash,        // – — ―
  kOpenQuote,   // “ „ « ‘
  kCloseQuote,  // ” »
  kQuote,       // " ` : opening or closing by position
  kOther,
};

CharClass ClassifyAscii(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return CharClass::kUpper;
  if (c >= 'a' && c <= 'z') return CharClass::kLower;
  if (c >= '0' && c <= '9') return CharClass::kDigit;
  switch (c) {
    case ' ':
    case '\t':
    case '\r':
    case '\f':
    case '\v':
      return CharClass::kSpace;
    case '\n':
      return CharClass::kNewline;
    case '\'':
      return CharClass::kApostrophe;
    case '-':
      return CharClass::kHyphen;
    case '"':
    case '`':
      return CharClass::kQuote;
    default:
      return CharClass::kOther;
  }
}

CharClass Classify(char32_t cp) {
  if (cp < 0x80) return ClassifyAscii(static_cast<unsigned char>(cp));
  switch (cp) {
    case 0x2019:
    case 0x02BC:
      return CharClass::kApostrophe;
    case 0x2010:
    case 0x2011:
      return CharClass::kHyphen;
    case 0x2013:
    case 0x2014:
    case 0x2015:
      return CharClass::kDash;
    case 0x201C:
    case 0x201E:
    case 0x00AB:
    case 0x2018:
      return CharClass::kOpenQuote;
    case 0x201D:
    case 0x00BB:
      return CharClass::kCloseQuote;
    case 0x00A0:
    case 0x2028:
      return CharClass::kSpace;
    case 0x2029:
      return CharClass::kNewline;
    default:
      break;
  }
  using Xapian::Unicode::get_category;
  switch (get_category(cp)) {
    case Xapian::Unicode::UPPERCASE_LETTER:
    case Xapian::Unicode::TITLECASE_LETTER:
      return CharClass::kUpper;
    case Xapian::Unicode::LOWERCASE_LETTER:
      return CharClass::kLower;
    case Xapian::Unicode::MODIFIER_LETTER:
    case Xapian::Unicode::OTHER_LETTER:
    case Xapian::Unicode::NON_SPACING_MARK:
    case Xapian::Unicode::COMBINING_SPACING_MARK:
      return CharClass::kCaseless;
    case Xapian::Unicode::DECIMAL_DIGIT_NUMBER:
      return CharClass::kDigit;
    case Xapian::Unicode::SPACE_SEPARATOR:
      return CharClass::kSpace;
    case Xapian::Unicode::LINE_SEPARATOR:
    case Xapian::Unicode::PARAGRAPH_SEPARATOR:
      return CharClass::kNewline;
    default:
      return CharClass::kOther;
  }
}

bool IsLetter(CharClass c) {
  return c == CharClass::kUpper || c == CharClass::kLower ||
         c == CharClass::kCaseless;
}
bool IsAlnum(CharClass c) { return IsLetter(c) || c == CharClass::kDigit; }

// Reads code points without re-decoding: the class and byte length of the
// code point at any position.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  size_t size() const { return text_.size(); }
  // Class of the code point at pos, and its end in `next`.
  CharClass At(size_t pos, size_t& next) const {
    const auto byte = static_cast<unsigned char>(text_[pos]);
    if (byte < 0x80) {
      next = pos + 1;
      return ClassifyAscii(byte);
    }
    next = pos;
    return Classify(DecodeUtf8(text_, next));
  }
  CharClass At(size_t pos) const {
    if (pos >= text_.size()) return CharClass::kSpace;
    size_t next;
    return At(pos, next);
  }
  // Class of the code point that ends just before pos.
  CharClass Before(size_t pos) const {
    if (pos == 0) return CharClass::kSpace;
    size_t start = pos - 1;
    while (start > 0 &&
           (static_cast<unsigned char>(text_[start]) & 0xC0) == 0x80) {
      --start;
    }
    return At(start);
  }
  char Byte(size_t pos) const { return pos < text_.size() ? text_[pos] : 0; }

 private:
  std::string_view text_;
};

// Words whose dot is part of them, not a full stop: titles and
// abbreviations common in news ("Mr.", "Gen.", "Corp.", "Jan.").
constexpr std::array<std::string_view, 40> kDottedAbbreviations = {
    "Mr",   "Mrs", "Ms",  "Dr",   "St",  "Gen", "Lt",  "Col",  "Sgt",  "Capt",
    "Gov",  "Sen", "Rep", "Prof", "Jr",  "Sr",  "Inc", "Corp", "Co",   "Ltd",
    "Bros", "Mt",  "Ft",  "No",   "vs",  "Jan", "Feb", "Mar",  "Apr",  "Jun",
    "Jul",  "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Adm",  "Cmdr", "Rev"};

// Particles written glued to the name they introduce: al-Assad.
constexpr std::array<std::string_view, 16> kParticles = {
    "al", "el",  "ad",  "an",  "ar",  "as",   "ash", "at",
    "az", "bin", "ibn", "abu", "ben", "bint", "ul",  "ud"};

bool IsParticle(std::string_view segment) {
  std::string lower;
  for (char c : segment) {
    lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  return std::find(kParticles.begin(), kParticles.end(), lower) !=
         kParticles.end();
}

// A known abbreviation ("St", "Co"), in capitals too: "ST. LOUIS", "CO.".
bool KnownAbbreviation(std::string_view word) {
  std::string capitalised(word);
  for (size_t k = 1; k < capitalised.size(); ++k) {
    if (capitalised[k] >= 'A' && capitalised[k] <= 'Z') capitalised[k] += 32;
  }
  return std::find(kDottedAbbreviations.begin(), kDottedAbbreviations.end(),
                   word) != kDottedAbbreviations.end() ||
         std::find(kDottedAbbreviations.begin(), kDottedAbbreviations.end(),
                   capitalised) != kDottedAbbreviations.end();
}

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text)
      : text_(text.substr(
            0, std::min<size_t>(text.size(),
                                std::numeric_limits<uint32_t>::max()))),
        cursor_(text_) {}

  std::vector<NameToken> Run() {
    wrapped_ = HardWrapped();
    // About one token per six bytes of English text.
    tokens_.reserve(text_.size() / 5 + 4);
    size_t pos = 0;
    while (pos < text_.size()) {
      size_t next;
      const CharClass c = cursor_.At(pos, next);
      if (IsAlnum(c)) {
        pos = ReadWord(pos);
        continue;
      }
      switch (c) {
        case CharClass::kSpace:
          break;
        case CharClass::kNewline:
          if (!wrapped_ || ParagraphBreak(next)) {
            ++line_;
            sentence_start_ = true;
          }
          break;
        case CharClass::kOpenQuote:
          EmitPunct(pos, next, '"');
          sentence_start_ = true;
          break;
        case CharClass::kCloseQuote:
          EmitPunct(pos, next, '"');
          break;
        case CharClass::kApostrophe:
          // "Trump 's", as tokenised text writes it: a possessive.
          if ((cursor_.Byte(next) == 's' || cursor_.Byte(next) == 'S') &&
              !IsAlnum(cursor_.At(next + 1)) && !tokens_.empty() &&
              tokens_.back().is_word() && tokens_.back().end < pos) {
            tokens_.back().possessive = true;
            pos = next + 1;
            continue;
          }
          [[fallthrough]];
        case CharClass::kQuote: {
          // Opening when it follows a space or an opening bracket.
          const CharClass before = cursor_.Before(pos);
          const bool opening = before == CharClass::kSpace ||
                               before == CharClass::kNewline || pos == 0 ||
                               cursor_.Byte(pos - 1) == '(' ||
                               (!IsAlnum(before) && IsAlnum(cursor_.At(next)));
          EmitPunct(pos, next, '"');
          if (opening) sentence_start_ = true;
          break;
        }
        case CharClass::kHyphen:
        case CharClass::kDash: {
          EmitPunct(pos, next, '-');
          // A dash standing between spaces ends a dateline or a headline
          // part: "DAMASCUS (Reuters) - The talks...".
          const bool spaced = cursor_.Before(pos) == CharClass::kSpace &&
                              cursor_.At(next) == CharClass::kSpace;
          if (spaced || c == CharClass::kDash) sentence_start_ = true;
          break;
        }
        default: {
          const char p = PunctChar(cursor_.Byte(pos), next - pos);
          EmitPunct(pos, next, p);
          if (p == '.' || p == '!' || p == '?' || p == ':') {
            sentence_start_ = true;
          }
          break;
        }
      }
      pos = next;
    }
    return std::move(tokens_);
  }

 private:
  static char PunctChar(char byte, size_t length) {
    if (length != 1) return '*';
    switch (byte) {
      case '.':
      case ',':
      case ';':
      case ':':
      case '!':
      case '?':
      case '(':
      case ')':
      case '[':
      case ']':
      case '&':
      case '/':
        return byte;
      default:
        return '*';
    }
  }

  // Text wrapped at a fixed width breaks lines inside sentences ("said
  // Matt\nAizawa"): when a quarter of its line breaks fall before a
  // lower-case word or after a comma, single line breaks are spaces and
  // only blank or indented lines start paragraphs.
  bool HardWrapped() const {
    size_t breaks = 0, soft = 0;
    size_t pos = text_.find('\n');
    while (pos != std::string_view::npos && pos + 1 < text_.size()) {
      size_t prev = pos;
      while (prev > 0 && (text_[prev - 1] == ' ' || text_[prev - 1] == '\r'))
        --prev;
      size_t next = pos + 1;
      while (next < text_.size() && (text_[next] == ' ' || text_[next] == '\t'))
        ++next;
      if (prev > 0 && text_[prev - 1] != '\n' && next < text_.size() &&
          text_[next] != '\n') {
        ++breaks;
        const char before = text_[prev - 1];
        const char after = text_[next];
        if (before == ',' || before == ';' || (after >= 'a' && after <= 'z'))
          ++soft;
      }
      pos = text_.find('\n', pos + 1);
    }
    return breaks > 0 && soft * 4 >= breaks;
  }

  // In wrapped text, whether the line break ending at `next` starts a
  // paragraph: a blank line follows, or an indented one.
  bool ParagraphBreak(size_t next) const {
    size_t indent = 0;
    while (next < text_.size() &&
           (text_[next] == ' ' || text_[next] == '\t' || text_[next] == '\r')) {
      indent += text_[next] == '\t' ? 2 : 1;
      ++next;
    }
    return next >= text_.size() || text_[next] == '\n' || indent >= 2;
  }

  void EmitPunct(size_t begin, size_t end, char punct) {
    NameToken t;
    t.begin = static_cast<uint32_t>(begin);
    t.end = static_cast<uint32_t>(end);
    t.line = line_;
    t.shape = TokenShape::kPunct;
    t.punct = punct;
    tokens_.push_back(t);
  }

  // Reads the word starting at pos; returns the position after it and any
  // possessive ending.
  size_t ReadWord(size_t pos) {
    const size_t begin = pos;
    size_t segment_begin = pos;
    bool possessive = false;
    while (pos < text_.size()) {
      size_t next;
      const CharClass c = cursor_.At(pos, next);
      if (IsAlnum(c)) {
        pos = next;
        continue;
      }
      const CharClass after = cursor_.At(next);
      if (c == CharClass::kApostrophe) {
        // "Trump's" and "Trump’s": the word ends before the apostrophe.
        size_t after_s = next + 1;
        if ((cursor_.Byte(next) == 's' || cursor_.Byte(next) == 'S') &&
            !IsAlnum(cursor_.At(after_s))) {
          possessive = true;
          const size_t word_end = pos;
          Emit(begin, word_end, possessive, false);
          return after_s;
        }
        if (IsAlnum(after)) {  // O'Brien, d'Ivoire
          pos = next;
          continue;
        }
        // "Reuters' report": a lone apostrophe after a final s.
        if (pos > begin && (cursor_.Byte(pos - 1) == 's') &&
            (after == CharClass::kSpace || after == CharClass::kNewline)) {
          Emit(begin, pos, true, false);
          tokens_.back().plural_possessive = true;
          return next;
        }
        break;
      }
      if (c == CharClass::kHyphen && IsAlnum(after)) {
        // "Hamas-led", "Israeli-occupied": a name glued to a lower-case
        // word is the name, then a hyphen; "al-Sharaa" stays whole.
        const CharClass first = cursor_.At(segment_begin);
        if (first == CharClass::kUpper && after == CharClass::kLower &&
            !IsParticle(text_.substr(segment_begin, pos - segment_begin))) {
          break;
        }
        pos = next;
        segment_begin = pos;
        continue;
      }
      if ((c == CharClass::kOther) && IsAlnum(after)) {
        const char byte = cursor_.Byte(pos);
        const CharClass before = cursor_.Before(pos);
        // 1,000 and 3.5; AT&T; U.S (the last dot is handled below).
        if ((byte == ',' || byte == '.') && before == CharClass::kDigit &&
            after == CharClass::kDigit) {
          pos = next;
          continue;
        }
        if (byte == '&' && before == CharClass::kUpper &&
            after == CharClass::kUpper) {
          pos = next;
          continue;
        }
        // "U.S." and "U.S" written without its last dot.
        if (byte == '.' && pos - segment_begin == 1 &&
            (before == CharClass::kUpper || before == CharClass::kLower) &&
            (cursor_.Byte(next + 1) == '.' || !IsAlnum(cursor_.At(next + 1)))) {
          pos = next;
          segment_begin = pos;
          continue;
        }
      }
      break;
    }
    size_t end = pos;
    const std::string_view word = text_.substr(begin, pos - begin);
    // Letters with dots between them ("U.S", "e.g"), not a number ("3.5").
    const bool dotted = word.find('.') != std::string_view::npos &&
                        std::none_of(word.begin(), word.end(), [](char c) {
                          return c >= '0' && c <= '9';
                        });
    bool abbreviation = dotted;
    if (cursor_.Byte(pos) == '.') {
      const bool initial = word.size() == 1 && word[0] >= 'A' && word[0] <= 'Z';
      const bool known = KnownAbbreviation(word);
      if (dotted || initial || known) {
        end = pos + 1;
        abbreviation = true;
      }
    }
    Emit(begin, end, possessive, abbreviation);
    return end;
  }

  void Emit(size_t begin, size_t end, bool possessive, bool abbreviation) {
    NameToken t;
    t.begin = static_cast<uint32_t>(begin);
    t.end = static_cast<uint32_t>(end);
    t.line = line_;
    t.possessive = possessive;
    t.abbreviation = abbreviation;
    t.sentence_start = sentence_start_;
    sentence_start_ = false;
    SetShape(t);
    tokens_.push_back(t);
  }

  void SetShape(NameToken& t) const {
    int upper = 0, lower = 0, digits = 0, letters = 0;
    CharClass first = CharClass::kOther;
    size_t first_segment_end = t.end;
    CharClass after_first_hyphen = CharClass::kOther;
    for (size_t pos = t.begin; pos < t.end;) {
      size_t next;
      const CharClass c = cursor_.At(pos, next);
      if (pos == t.begin) first = c;
      if (c == CharClass::kHyphen && first_segment_end == t.end) {
        first_segment_end = pos;
        after_first_hyphen = cursor_.At(next);
      }
      if (c == CharClass::kUpper) ++upper;
      if (c == CharClass::kLower) ++lower;
      if (c == CharClass::kDigit) ++digits;
      if (IsLetter(c)) ++letters;
      pos = next;
    }
    if (letters == 0) {
      t.shape = TokenShape::kNumber;
    } else if (digits > 0) {
      t.shape = TokenShape::kOther;
    } else if (first == CharClass::kUpper) {
      t.shape = upper >= 2 && lower == 0 ? TokenShape::kUpper
                                         : TokenShape::kCapitalised;
      t.particle =
          after_first_hyphen == CharClass::kUpper &&
          IsParticle(text_.substr(t.begin, first_segment_end - t.begin));
    } else if (first == CharClass::kLower &&
               after_first_hyphen == CharClass::kUpper &&
               IsParticle(text_.substr(t.begin, first_segment_end - t.begin))) {
      t.shape = TokenShape::kCapitalised;
      t.particle = true;
    } else {
      t.shape = TokenShape::kLower;
    }
  }

  std::string_view text_;
  Cursor cursor_;
  std::vector<NameToken> tokens_;
  uint32_t line_ = 0;
  bool sentence_start_ = true;
  bool wrapped_ = false;
};

}  // namespace

std::vector<NameToken> TokenizeNames(std::string_view text) {
  return Tokenizer(text).Run();
}

}  // namespace gazette
