#include "common/entities/name_finder.h"

#include <algorithm>
#include <array>
#include <deque>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "common/base/fold.h"

namespace gazette {
namespace {

// A city this large is a name even where a capital letter proves nothing
// (sentence starts, headlines); smaller ones ("Split", "Mobile") need the
// same word capitalised mid-sentence somewhere in the article.
constexpr uint64_t kBigCity = 100000;
// Longest all-capitals word taken for an acronym.
constexpr size_t kMaxAcronym = 6;

using KeySet = std::unordered_set<std::string_view>;

bool NeedsFolding(std::string_view word, bool abbreviation) {
  if (abbreviation) return true;
  for (const char c : word) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (c >= 'A' && c <= 'Z')) return true;
  }
  return false;
}

// Lower-case words checked against a few keys: a bitmap of (first letter,
// length) pairs lets most words skip the hash lookup.
class KeyFilter {
 public:
  void Add(std::string_view key) {
    if (const int slot = Slot(key); slot >= 0) bits_[slot / 64] |= Bit(slot);
  }
  bool MayContain(std::string_view key) const {
    const int slot = Slot(key);
    return slot < 0 || (bits_[slot / 64] & Bit(slot)) != 0;
  }

 private:
  static int Slot(std::string_view key) {
    if (key.empty() || key.size() > 31 || key[0] < 'a' || key[0] > 'z')
      return -1;
    return (key[0] - 'a') * 32 + static_cast<int>(key.size());
  }
  static uint64_t Bit(int slot) { return uint64_t{1} << (slot % 64); }
  uint64_t bits_[13] = {};
};

class Finder {
 public:
  Finder(std::string_view text, std::span<const NameToken> tokens,
         const Gazetteer& gazetteer, const TextLayout& layout)
      : text_(text), tokens_(tokens), gazetteer_(gazetteer), layout_(layout) {
    const size_t n = tokens.size();
    keys_.resize(n);
    info_.resize(n);
    looked_up_.assign(n, 0);
    static constexpr std::string_view kPunct = ".,;:!?()[]&/\"-*";
    for (size_t i = 0; i < n; ++i) {
      const NameToken& t = tokens[i];
      if (!t.is_word()) {
        const size_t p = kPunct.find(t.punct);
        keys_[i] = kPunct.substr(p == std::string_view::npos ? 0 : p, 1);
        looked_up_[i] = 1;
        continue;
      }
      const std::string_view word = t.text(text);
      if (NeedsFolding(word, t.abbreviation)) {
        keys_[i] = folded_.emplace_back(TokenKey(word, t.abbreviation));
      } else {
        keys_[i] = word;
      }
    }
    MarkSpecialLines(layout.first_line_is_title);
    // Mikheev's test needs, for each word that opens a sentence, whether
    // the article also has it capitalised mid-sentence or in lower case.
    KeySet openers;
    KeyFilter filter;
    for (size_t i = 0; i < n; ++i) {
      const NameToken& t = tokens[i];
      if (!t.is_word() || !t.is_name_shaped() || Special(i)) continue;
      if (t.sentence_start) {
        openers.insert(keys_[i]);
        filter.Add(keys_[i]);
      } else {
        mid_caps_.insert(keys_[i]);
      }
    }
    for (size_t i = 0; i < n && !openers.empty(); ++i) {
      if (tokens[i].shape != TokenShape::kLower || Special(i) ||
          !filter.MayContain(keys_[i])) {
        continue;
      }
      if (openers.contains(keys_[i])) lower_seen_.insert(keys_[i]);
    }
  }

  std::vector<Mention> Run() {
    const size_t n = tokens_.size();
    for (size_t i = 0; i < n;) {
      const NameToken& t = tokens_[i];
      if (Special(i) || !t.is_word() || !t.is_name_shaped()) {
        ++i;
        continue;
      }
      const size_t end = RunEnd(i);
      ProcessRun(i, end);
      i = end;
    }
    MatchDateline();
    MatchHeadlineTickers();
    MatchSpecialLines();
    MarkTeams();
    std::sort(out_.begin(), out_.end(), [](const Mention& a, const Mention& b) {
      return a.first_token < b.first_token;
    });
    return std::move(out_);
  }

 private:
  bool Special(size_t i) const { return special_line_[tokens_[i].line]; }
  // The gazetteer's word classes and name starts, looked up once per token
  // and only for tokens the rules ask about.
  const Gazetteer::TokenInfo& Info(size_t i) const {
    if (!looked_up_[i]) {
      info_[i] = gazetteer_.Token(keys_[i]);
      looked_up_[i] = 1;
    }
    return info_[i];
  }
  bool Is(size_t i, uint32_t word_class) const {
    return (Info(i).classes & word_class) != 0;
  }
  bool NameShaped(size_t i) const {
    return i < tokens_.size() && tokens_[i].is_word() &&
           tokens_[i].is_name_shaped();
  }
  bool IsNumber(size_t i) const {
    return i < tokens_.size() && (tokens_[i].shape == TokenShape::kNumber ||
                                  tokens_[i].shape == TokenShape::kOther);
  }

  // Lines mostly in capitals (wire headlines, datelines) and a title in
  // title case carry no case information.
  void MarkSpecialLines(bool first_line_is_title) {
    const uint32_t lines = tokens_.empty() ? 0 : tokens_.back().line + 1;
    special_line_.assign(lines, 0);
    std::vector<uint32_t> upper(lines), capitalised(lines), lower(lines),
        long_words(lines), long_capitalised(lines);
    for (size_t i = 0; i < tokens_.size(); ++i) {
      const NameToken& t = tokens_[i];
      const uint32_t line = t.line;
      // A lone capital ("W", "L" in a table header) counts as capitals.
      const bool lone_capital =
          t.shape == TokenShape::kCapitalised && t.end - t.begin == 1;
      if (t.shape == TokenShape::kUpper || lone_capital) ++upper[line];
      if (t.shape == TokenShape::kCapitalised && !lone_capital)
        ++capitalised[line];
      if (t.shape == TokenShape::kLower) ++lower[line];
      if (t.is_word() && t.end - t.begin >= 4 &&
          (t.is_name_shaped() || t.shape == TokenShape::kLower)) {
        ++long_words[line];
        if (t.is_name_shaped()) ++long_capitalised[line];
      }
    }
    for (uint32_t line = 0; line < lines; ++line) {
      const uint32_t others = capitalised[line] + lower[line];
      if (upper[line] > 0 && upper[line] >= 2 * others + (others > 0)) {
        special_line_[line] = 1;
      }
    }
    if (first_line_is_title && lines > 0 && long_words[0] >= 2 &&
        long_capitalised[0] * 5 >= long_words[0] * 4) {
      special_line_[0] = 1;
    }
    if (!layout_.dateline.empty()) {
      const size_t t = TokenAt(layout_.dateline.begin);
      if (t < tokens_.size()) {
        dateline_line_ = tokens_[t].line;
        special_line_[dateline_line_] = 1;
      }
    }
  }

  // The first token that ends after byte `offset`.
  size_t TokenAt(uint32_t offset) const {
    return std::partition_point(
               tokens_.begin(), tokens_.end(),
               [&](const NameToken& t) { return t.end <= offset; }) -
           tokens_.begin();
  }

  // The dateline's place names are places: "RED BANK, N.J." is Red Bank in
  // New Jersey, whether or not the gazetteer knows the town.
  void MatchDateline() {
    for (const ByteRange& place : layout_.dateline_places) {
      const size_t a = TokenAt(place.begin);
      size_t b = a;
      while (b < tokens_.size() && tokens_[b].end <= place.end) ++b;
      while (b > a && tokens_[b - 1].punct == '.') --b;  // "Calif."
      if (a >= b || tokens_[a].line != dateline_line_) continue;
      const PhraseMatch* match = DatelinePlace(KeyOfRange(a, b));
      Emit(a, b, EntityType::kPlace,
           match ? Evidence::kGazetteer : Evidence::kKeyword, match,
           tokens_[a].begin, "dateline");
      covered_.resize(tokens_.size());
      std::fill(covered_.begin() + a, covered_.begin() + b, 1);
    }
  }

  // The place a dateline's name is in the gazetteer, by itself or as the
  // abbreviation of one ("N.J.", "MASS.").
  const PhraseMatch* DatelinePlace(const std::string& key) const {
    for (const std::string_view k :
         {std::string_view(key), gazetteer_.Expansion(key)}) {
      if (k.empty()) continue;
      for (const PhraseMatch& m : gazetteer_.Find(k)) {
        if (m.entry->type == EntityType::kPlace && !m.derived) return &m;
      }
    }
    return nullptr;
  }

  // "ALLIANCE FEDERAL CORP <ALFL.O> HIKES DIVIDEND": the words before a
  // ticker, back to the start of the headline or a '/', ':' or '-', are the
  // company's name.
  void MatchHeadlineTickers() {
    for (const uint32_t ticker : layout_.headline_tickers) {
      const size_t b = TokenAt(ticker);
      if (b == 0 || b > tokens_.size() || tokens_[b - 1].line != 0) continue;
      size_t a = b;
      while (a > 0 && tokens_[a - 1].line == 0 && tokens_[a - 1].is_word()) --a;
      if (a > 0 && tokens_[a - 1].line == 0 &&
          std::string_view("/:-").find(tokens_[a - 1].punct) ==
              std::string_view::npos)
        continue;
      while (a < b && (Is(a, kNotName) || IsNumber(a))) ++a;
      if (a >= b || (b - a == 1 && Is(a, kOrgWord))) continue;
      covered_.resize(tokens_.size());
      if (std::find(covered_.begin() + a, covered_.begin() + b, 1) !=
          covered_.begin() + b)
        continue;
      Emit(a, b, EntityType::kOrg, Evidence::kKeyword, nullptr,
           tokens_[a].begin, "headline-ticker");
      std::fill(covered_.begin() + a, covered_.begin() + b, 1);
    }
  }

  // Longest gazetteer name starting at token a and ending before `limit`,
  // on one line; returns its end (a if none). It goes past a possessive
  // only where the gazetteer has one: "Moody's Investors Service".
  size_t LongestMatch(size_t a, size_t limit, PhraseMatch* match,
                      bool any_case = false) const {
    if (!Info(a).starts_name) return a;
    limit = std::min({limit, tokens_.size(), a + gazetteer_.max_name_tokens()});
    std::string key(keys_[a]);
    size_t best = a;
    for (size_t j = a; j < limit; ++j) {
      if (j > a) {
        if (tokens_[j].line != tokens_[a].line) break;
        key += ' ';
        key += keys_[j];
      }
      // A name ends on a name-shaped word: "Sweida" in "Sweida province".
      if (!any_case && !NameShaped(j)) continue;
      const auto found = gazetteer_.Find(key);
      if (!found.empty()) {
        best = j + 1;
        if (match) *match = found.front();
      }
    }
    return best;
  }

  // Whether a place name is a name by itself, without a place context.
  bool Strong(const PhraseMatch& m, size_t a) const {
    if (m.entry->kind == EntryKind::kRegion) return !Is(a, kFirstName);
    return m.entry->kind != EntryKind::kCity || m.entry->weight >= kBigCity;
  }

  // The end of the name words from e on (on `line`, with no sentence start
  // or possessive between them) when the last is an organisation word;
  // else e.
  size_t OrgNameEnd(size_t e, uint32_t line) const {
    size_t f = e;
    while (f < tokens_.size() && NameShaped(f) && tokens_[f].line == line &&
           !tokens_[f].sentence_start && (f == e || !tokens_[f - 1].possessive))
      ++f;
    // A company after a possessive is usually another one: "Winn
    // Enterprises' Knudsen Foods Inc".
    if (f == e || !Is(f - 1, kOrgWord) || CompanySuffix(f - 1)) return e;
    return f;
  }

  // "Inc", "Corp", "Ltd": a word that ends a company's name.
  bool CompanySuffix(size_t k) const {
    static constexpr std::array<std::string_view, 20> kCompanySuffixes = {
        "inc", "ltd", "limited", "plc", "co",      "corp",    "corporation",
        "cos", "llc", "llp",     "ag",  "gmbh",    "nv",      "bv",
        "spa", "pty", "bhd",     "kk",  "company", "holdings"};
    return std::find(kCompanySuffixes.begin(), kCompanySuffixes.end(),
                     keys_[k]) != kCompanySuffixes.end();
  }

  // "Hovnanian Enterprises Inc said", "First Union Corp said": a company's
  // name that opens a sentence keeps its first word, unless that is a word
  // that no company's name starts with ("The", "Earlier").
  // So does a word that opens companies' names before an organisation's
  // words: "First National Bank of Boston".
  bool CompanyOpener(size_t s, size_t e) const {
    if (e - s < 2 || !NameShaped(s) || Is(s, kMonth | kTitleWord)) return false;
    if (CompanySuffix(e - 1)) return !Is(s, kNotName) || Is(s, kOrgStart);
    if (!Is(s, kOrgStart)) return false;
    for (size_t k = s + 1; k < e; ++k) {
      if (Is(k, kOrgWord)) return true;
    }
    return false;
  }

  // A legal form after which no name goes on: "Inc", "Bancorp", not "Co"
  // ("Insurance Co of North America").
  bool FinalLegalForm(size_t k) const {
    static constexpr std::string_view kFinal[] = {"inc", "ltd", "plc", "llc",
                                                  "bancorp"};
    return std::find(std::begin(kFinal), std::end(kFinal), keys_[k]) !=
           std::end(kFinal);
  }

  // The end of the legal forms from k on ("Co Inc"), on this line.
  size_t LegalFormsEnd(size_t k, uint32_t line) const {
    while (k < tokens_.size() && tokens_[k].line == line &&
           !tokens_[k].sentence_start && CompanySuffix(k))
      ++k;
    return k;
  }

  // Tokens [a, e) read as a person's name, a first name and a word: not
  // the first of two names that "and" joins into an organisation's
  // ("Ronald Reagan and Velmora Corp" are two).
  bool Person(size_t a, size_t e) const {
    return e - a == 2 && Is(a, kFirstName);
  }

  // "Department of Trade and Industry", "Council for Economic Planning and
  // Development": after an organisation's "of", "and" (at token e) and one
  // ordinary word that ends the run end its name too.
  bool AndLastWord(size_t e) const {
    return keys_[e] == "and" && Ordinary(e + 1) &&
           !Is(e + 1, kOrgWord | kPlaceWord) &&
           !(NameShaped(e + 2) && tokens_[e + 2].line == tokens_[e].line &&
             !tokens_[e + 2].sentence_start);
  }

  // "Securities and Exchange Commission": a short unknown name [i, e),
  // "and", and a name ending in an organisation word are one organisation.
  // So are two words of a company, "and", and a word and its legal form,
  // whatever the gazetteer knows of the first: "Nippon Telegraph and
  // Telephone Corp", "American Telephone and Telegraph Co". Returns the
  // end of the whole name, or e.
  size_t AndNameEnd(size_t i, size_t e, uint32_t line) const {
    size_t f = e + 1;
    while (NameShaped(f) && tokens_[f].line == line &&
           !tokens_[f].sentence_start && !tokens_[f - 1].possessive) {
      ++f;
    }
    // Not two names whole in themselves: "Armco Inc and Inland Steel
    // Industries Inc", "Sanwa Bank and Sumitomo Bank".
    const bool unknown = LongestMatch(i, e, nullptr) == i && !Person(i, e) &&
                         !CompanySuffix(e - 1) &&
                         !(e - i == 2 && keys_[e - 1] == keys_[f - 1]);
    const bool company = e - i == 2 && f - e == 3 && CompanySuffix(f - 1) &&
                         LongestMatch(i, e, nullptr) < e && !Is(i, kFirstName);
    return (unknown && Is(f - 1, kOrgWord)) || company ? f : e;
  }

  // The end of the run of name words starting at i.
  size_t RunEnd(size_t i) const {
    const size_t n = tokens_.size();
    const uint32_t line = tokens_[i].line;
    bool org_or_place = Is(i, kOrgWord | kPlaceWord);
    bool of_name = false;  // an organisation's "of" or "for" joined
    size_t e = i + 1;
    while (e < n) {
      const NameToken& t = tokens_[e];
      if (t.line != line || t.sentence_start) break;
      if (tokens_[e - 1].possessive) {
        // "Kurdistan Workers' Party", "Veterans' Affairs Department": a
        // plural's apostrophe inside an organisation's name, which the
        // name words after it end with an organisation word. Not after a
        // name the gazetteer knows ("the Democrats' Senate majority") or a
        // whole organisation's ("Winn Enterprises' Knudsen Foods Inc").
        const size_t f = tokens_[e - 1].plural_possessive && NameShaped(e) &&
                                 !Is(e - 1, kOrgWord) &&
                                 LongestMatch(e - 1, e, nullptr) == e - 1
                             ? OrgNameEnd(e, line)
                             : e;
        if (f == e) break;
        e = f;
        continue;
      }
      if (NameShaped(e)) {
        // "the U.S. Was", as Reuters-21578 writes it: a capitalised
        // ordinary word after an abbreviation starts a sentence.
        if (tokens_[e - 1].abbreviation && (Ordinary(e) || Is(e, kNotName)) &&
            !Is(e, kOrgWord | kPlaceWord | kTitleWord | kTitleModifier))
          break;
        // "the U.S. Trade deficit", "the U.S. Currency": a title's modifier
        // or a word the article writes in lower case, after an
        // abbreviation and with no name after it, is no name's word.
        if (tokens_[e - 1].abbreviation &&
            (Is(e, kTitleModifier) || WrittenLower(e)) &&
            !Is(e, kOrgWord | kPlaceWord | kTitleWord) &&
            !(NameShaped(e + 1) && tokens_[e + 1].line == line &&
              !tokens_[e + 1].sentence_start))
          break;
        org_or_place |= Is(e, kOrgWord | kPlaceWord);
        ++e;
        continue;
      }
      const bool next_name = NameShaped(e + 1) &&
                             !tokens_[e + 1].sentence_start &&
                             tokens_[e + 1].line == line;
      // "Bank of England", "Council for Economic Planning"; not "First
      // North Port Bancorp of Northport", whose legal form ends the name.
      if (next_name && t.shape == TokenShape::kLower &&
          (Is(e, kNameConnector) ||
           (Is(e, kOrgConnector) && org_or_place && !FinalLegalForm(e - 1)))) {
        of_name |= Is(e, kOrgConnector);
        e += 2;
        continue;
      }
      if (next_name && of_name && AndLastWord(e)) {
        e += 2;
        continue;
      }
      if (next_name && t.punct == '&') {
        e += 2;
        continue;
      }
      if (next_name && keys_[e] == "and" && e - i <= 2) {
        const size_t f = AndNameEnd(i, e, line);
        if (f > e) {
          e = f;
          continue;
        }
      }
      // "Peat Marwick Mitchell and Co": partners' names, "and Co" and its
      // legal forms are one firm.
      if (next_name && keys_[e] == "and" && keys_[e + 1] == "co") {
        e = LegalFormsEnd(e + 1, line);
        continue;
      }
      // "Goldman, Sachs and Co": partners' names listed before "and Co"
      // are one firm.
      if (next_name && t.punct == ',' && e - i <= 2 && Unknown(i, e)) {
        const size_t f = PartnersEnd(e + 1, line);
        if (f > e + 1) {
          e = f;
          continue;
        }
      }
      break;
    }
    // A gazetteer name may reach further: "Bosnia and Herzegovina".
    for (size_t p = i; p < e; ++p) {
      if (!NameShaped(p)) continue;
      e = std::max(e, LongestMatch(p, n, nullptr));
    }
    return e;
  }

  // Whether the article writes the word at token k in lower case
  // somewhere. Asked rarely (after an abbreviation), so looked up by a
  // scan, remembered.
  bool WrittenLower(size_t k) const {
    const std::string key(keys_[k]);
    const auto known = written_lower_.find(key);
    if (known != written_lower_.end()) return known->second;
    bool lower = false;
    for (size_t i = 0; i < tokens_.size() && !lower; ++i) {
      lower = tokens_[i].shape == TokenShape::kLower && keys_[i] == keys_[k];
    }
    written_lower_.emplace(key, lower);
    return lower;
  }

  // Whether no gazetteer name starts among tokens [a, e).
  bool Unknown(size_t a, size_t e) const {
    for (size_t k = a; k < e; ++k) {
      if (LongestMatch(k, e, nullptr) > k || Is(k, kNotName)) return false;
    }
    return true;
  }

  // The end of a firm's partners' names from f on ("Sachs and Co", "Harris
  // Upham and Co Inc"): name words with "and Co" among them, ending in a
  // legal form; else f.
  size_t PartnersEnd(size_t f, uint32_t line) const {
    size_t k = f;
    bool and_co = false;
    while (k < tokens_.size() && tokens_[k].line == line &&
           !tokens_[k].sentence_start) {
      if (NameShaped(k)) {
        ++k;
        continue;
      }
      const bool co = k + 1 < tokens_.size() &&
                      (keys_[k + 1] == "co" || keys_[k + 1] == "company");
      if (!co || k == f || (keys_[k] != "and" && tokens_[k].punct != '&'))
        break;
      and_co = true;
      ++k;
    }
    return and_co && k > f && CompanySuffix(k - 1) ? k : f;
  }

  // Evidence that a capitalised word where capitals prove nothing (sentence
  // start, quotation start) is a name.
  bool NameEvidence(size_t i) const {
    const NameToken& t = tokens_[i];
    if (t.shape == TokenShape::kUpper || t.particle) return true;
    PhraseMatch m;
    if (LongestMatch(i, tokens_.size(), &m) > i && Strong(m, i)) return true;
    if (Is(i, kNotName)) return false;
    if (Is(i, kTitleWord | kTitleModifier | kFirstName)) return true;
    if (RowLabel(i)) return true;
    // The article's own use decides first: "broader" written in lower case
    // elsewhere, "Trump" capitalised mid-sentence.
    if (lower_seen_.contains(keys_[i])) return false;
    if (mid_caps_.contains(keys_[i])) return true;
    return UnknownOpener(i);
  }

  // A word no ordinary text writes in lower case, before another name's
  // word: "Todd Martin beat ...". Not a verb's form ("Excluding
  // Bojangles"), nor a table's row label ("Malting Barley 1.23 1.25"),
  // nor a letter that is no initial ("'N Biscuits").
  bool UnknownOpener(size_t i) const {
    const uint32_t line = tokens_[i].line;
    if ((keys_[i].size() < 2 && !tokens_[i].abbreviation) ||
        Is(i, kCommonWord) || keys_[i].ends_with("ing") ||
        keys_[i].ends_with("ed") || !NameShaped(i + 1) ||
        tokens_[i + 1].line != line || tokens_[i + 1].sentence_start)
      return false;
    size_t k = i + 1;
    while (NameShaped(k) && tokens_[k].line == line) ++k;
    return !(k < tokens_.size() && tokens_[k].line == line && IsNumber(k));
  }

  // The numbers from token k on, on its line.
  size_t NumbersFrom(size_t k) const {
    size_t n = 0;
    while (k + n < tokens_.size() && tokens_[k + n].line == tokens_[k].line &&
           IsNumber(k + n))
      ++n;
    return n;
  }

  // A word of no ordinary kind that opens a table's row, numbers after it
  // ("Wycombe 4 0 3 1 2 3 3"), or a results line, a score and another name
  // after it ("Ajax Amsterdam 2 Feyenoord 1"); up to two words after it.
  bool RowLabel(size_t i) const {
    if ((i > 0 && tokens_[i - 1].line == tokens_[i].line) || Is(i, kCommonWord))
      return false;
    size_t k = i + 1;
    while (k < tokens_.size() && k <= i + 2 && NameShaped(k) &&
           tokens_[k].line == tokens_[i].line)
      ++k;
    if (k >= tokens_.size() || tokens_[k].line != tokens_[i].line) return false;
    return NumbersFrom(k) >= 3 ||
           (Score(k) && k + 1 < tokens_.size() && NameShaped(k + 1) &&
            tokens_[k + 1].line == tokens_[i].line);
  }

  bool DateWord(size_t i) const {
    return Is(i, kMonth) && (IsNumber(i + 1) || (i > 0 && IsNumber(i - 1)));
  }

  bool Connector(size_t i) const {
    return !tokens_[i].is_word() || tokens_[i].shape == TokenShape::kLower;
  }

  void ProcessRun(size_t s, size_t e) {
    lost_opener_ = false;
    // Words that are not names at the edges: "The", "Earlier", "May 14".
    while (s < e) {
      if (Connector(s) || Is(s, kMonth)) {
        ++s;
        continue;
      }
      if (tokens_[s].sentence_start || Is(s, kNotName)) {
        if (!NameEvidence(s) ||
            (Is(s, kNotName) && LongestMatch(s, e, nullptr) <= s + 1)) {
          if (CompanyOpener(s, e)) break;
          lost_opener_ |= !Is(s, kNotName);
          ++s;
          continue;
        }
      }
      break;
    }
    while (e > s) {
      const size_t last = e - 1;
      // "Rothmans B", "Class A": a lone capital at the end is a label;
      // "Texan H.": an initial at the end starts a name on the next line.
      if (e - s >= 2 &&
          (tokens_[last].end - tokens_[last].begin == 1 || Initial(last))) {
        --e;
        continue;
      }
      const bool month = Is(last, kMonth) && (DateWord(last) || last == s ||
                                              !Is(last - 1, kFirstName));
      if (Connector(last) || month ||
          (Is(last, kNotName) && gazetteer_.Find(keys_[last]).empty())) {
        --e;
        continue;
      }
      break;
    }
    if (s >= e) return;
    for (size_t k = s; k < e; ++k) {
      if (Is(k, kEventWord)) return;  // World Cup, Olympic Games: events
    }
    // Cut at titles: "US President Donald Trump" is the place US, a title
    // and the person Donald Trump. A title followed by an organisation word
    // is part of the organisation's name ("General Motors").
    size_t part = s;
    bool after_title = s > 0 && tokens_[s - 1].is_word() &&
                       tokens_[s - 1].line == tokens_[s].line &&
                       Is(s - 1, kTitleWord);
    // Only a capitalised title is part of a name's titled form.
    uint32_t title_begin = after_title && NameShaped(s - 1)
                               ? tokens_[s - 1].begin
                               : tokens_[s].begin;
    for (size_t k = s; k < e; ++k) {
      if (!Is(k, kTitleWord) || !NameShaped(k)) continue;
      // "General Motors", "Chief Executive Office": the title starts an
      // organisation's name.
      bool first_name_after = false;
      for (size_t j = k + 1; j < e; ++j) first_name_after |= Is(j, kFirstName);
      if ((k + 1 < e && Is(k + 1, kOrgWord)) ||
          (Is(e - 1, kOrgWord) && !first_name_after)) {
        break;
      }
      PhraseMatch m;
      if (LongestMatch(k, e, &m) > k + 1) continue;  // in a known name
      size_t title_start = k;
      while (title_start > part && Is(title_start - 1, kTitleModifier) &&
             NameShaped(title_start - 1)) {
        --title_start;
      }
      ClassifyPart(part, title_start, after_title, title_begin);
      part = k + 1;
      after_title = true;
      title_begin = tokens_[title_start].begin;
    }
    ClassifyPart(part, e, after_title, title_begin);
  }

  void Emit(size_t a, size_t b, EntityType type, Evidence evidence,
            const PhraseMatch* match, uint32_t title_begin, const char* rule) {
    Mention m;
    m.rule = rule;
    m.first_token = static_cast<uint32_t>(a);
    m.end_token = static_cast<uint32_t>(b);
    m.begin = tokens_[a].begin;
    m.end = tokens_[b - 1].end;
    m.title_begin = std::min(title_begin, m.begin);
    m.type = type;
    m.evidence = evidence;
    if (match) {
      m.entry = match->entry;
      m.derived = match->derived;
    }
    m.capitals = Special(a);
    for (size_t k = a; k < b && m.capitals; ++k) {
      m.capitals = !tokens_[k].is_word() ||
                   tokens_[k].shape == TokenShape::kUpper ||
                   tokens_[k].shape == TokenShape::kNumber;
    }
    out_.push_back(m);
  }

  // "the province of Quneitra", "Idlib province"; with `prepositions`,
  // also "in Quneitra", which says less: "in Time magazine".
  bool PlaceContext(size_t a, bool prepositions) const {
    if (a >= 2 && tokens_[a - 1].shape == TokenShape::kLower &&
        keys_[a - 1] == "of" && Is(a - 2, kPlaceNoun)) {
      return true;
    }
    if (prepositions && a >= 1 && tokens_[a - 1].shape == TokenShape::kLower) {
      static constexpr std::string_view kPrepositions[] = {"in", "near",
                                                           "outside"};
      for (std::string_view p : kPrepositions) {
        if (keys_[a - 1] == p) return true;
      }
    }
    return a + 1 < tokens_.size() && !tokens_[a].possessive &&
           tokens_[a + 1].shape == TokenShape::kLower && Is(a + 1, kPlaceNoun);
  }

  // "Arab-Israeli": each part a demonym.
  bool EmitHyphenParts(size_t a) {
    const NameToken& t = tokens_[a];
    const std::string_view word = t.text(text_);
    if (word.find('-') == std::string_view::npos) return false;
    std::vector<std::pair<size_t, PhraseMatch>> parts;
    size_t start = 0;
    while (start <= word.size()) {
      size_t end = word.find('-', start);
      if (end == std::string_view::npos) end = word.size();
      const auto found =
          gazetteer_.Find(PhraseKey(word.substr(start, end - start)));
      // Only names sure on their own: "Arab-Israeli", not "Baldwin-United".
      if (found.empty() || (!found.front().derived &&
                            found.front().entry->kind != EntryKind::kCountry &&
                            found.front().entry->kind != EntryKind::kCurated)) {
        return false;
      }
      parts.emplace_back(start, found.front());
      start = end + 1;
    }
    for (size_t p = 0; p < parts.size(); ++p) {
      const size_t part_end =
          p + 1 < parts.size() ? parts[p + 1].first - 1 : word.size();
      Mention m;
      m.first_token = m.end_token = static_cast<uint32_t>(a);
      ++m.end_token;
      m.begin = m.title_begin = t.begin + static_cast<uint32_t>(parts[p].first);
      m.end = t.begin + static_cast<uint32_t>(part_end);
      m.type = parts[p].second.entry->type;
      m.evidence = Evidence::kGazetteer;
      m.entry = parts[p].second.entry;
      m.derived = parts[p].second.derived;
      m.rule = "hyphen-parts";
      out_.push_back(m);
    }
    return true;
  }

  std::string KeyOfRange(size_t a, size_t b) const {
    std::string key(keys_[a]);
    for (size_t k = a + 1; k < b; ++k) {
      key += ' ';
      key += keys_[k];
    }
    return key;
  }

  // A part of a run, cut at titles, to be classified: tokens [a, b), and
  // what the rules ask of it, looked up once.
  struct Part {
    size_t a = 0;
    size_t b = 0;
    // A title stands just before it: "President [Donald Trump]".
    bool after_title = false;
    // Where the titled form of a person's name found here starts.
    uint32_t title_begin = 0;
    // The whole part as a gazetteer name, if it is one.
    std::span<const PhraseMatch> whole;
    // The longest gazetteer name at its start, tokens [a, matched); `a`
    // when there is none.
    size_t matched = 0;
    PhraseMatch prefix;

    size_t size() const { return b - a; }
    // A gazetteer name followed by other words: "Seattle Mariners".
    bool known_prefix() const { return matched > a && matched < b; }
  };

  // A rule reads a part, emits its mentions (or decides it names nothing)
  // and returns true; or returns false and leaves it to the rules after it.
  // Mention::rule names the rule that emitted a mention.
  using PartRule = bool (Finder::*)(const Part&);

  void ClassifyPart(size_t a, size_t b, bool after_title,
                    uint32_t title_begin) {
    // The first rule that applies decides. Those for words of a known kind
    // come first, then those for names of several words, then those for one
    // word: each rule sees only the parts the rules above it left.
    static constexpr PartRule kRules[] = {
        &Finder::GazetteerName,       // "Damascus", "Hayat Tahrir al-Sham"
        &Finder::DealName,            // "Louvre Accord": nothing
        &Finder::SmallPlace,          // "Clinton": a town, or a surname
        &Finder::GazetteerPair,       // "Syrian Golan Heights"
        &Finder::AdjectiveThenOrg,    // "German Foreign Ministry"
        &Finder::CapitalsHeading,     // "PRESS DIGEST": nothing
        &Finder::OnlyOrgWords,        // "Ministry", "Co Inc": nothing
        &Finder::JointBodies,         // "Trade and Commerce Departments"
        &Finder::OrgWord,             // "Velmora Mining Corp"
        &Finder::PlaceWord,           // "Velmora River"
        &Finder::NamedForPlace,       // "Seattle Mariners", "China Daily"
        &Finder::GazetteerPrefix,     // known name, then the rest
        &Finder::SplitAtFirstName,    // "Exchequer Nigel Lawson"
        &Finder::OrdinaryAfterTitle,  // "General Agreement": nothing
        &Finder::OrdinaryWords,       // "Air France", "Labor Day": nothing
        &Finder::Club,                // "Dynamo Moscow"
        &Finder::TitleWords,          // "President [Donald Trump]"
        &Finder::FirstNameWords,      // "Donald Trump"
        &Finder::Words,               // "Eli Cohen"
        &Finder::TitleWord,           // "President [Trump]"
        &Finder::MonthWord,           // "May": nothing
        &Finder::Acronym,             // "NATO"
        &Finder::ShortAcronym,        // "AV": kept only if defined
        &Finder::HyphenParts,         // "Arab-Israeli"
        &Finder::PlaceByContext,      // "Idlib province"
        &Finder::LoneWord,            // "Trump": kept only if resolved
    };
    while (a < b && Connector(a)) {
      ++a;
      after_title = false;  // "Governor of Texas": Texas is no person
    }
    while (b > a && Connector(b - 1)) --b;
    if (a >= b) return;
    Part part{.a = a,
              .b = b,
              .after_title = after_title,
              .title_begin = title_begin,
              .whole = gazetteer_.Find(KeyOfRange(a, b)),
              .matched = a,
              .prefix = {}};
    part.matched = LongestMatch(a, b, &part.prefix);
    for (const PartRule rule : kRules) {
      if ((this->*rule)(part)) return;
    }
  }

  // One word that a place's name may be read as something else: a small
  // town, or a region named like a person ("Diana").
  bool DoubtfulPlace(const Part& p) const {
    const PhraseMatch& m = p.whole.front();
    return p.size() == 1 && !m.derived && m.entry->type == EntityType::kPlace &&
           (m.entry->kind == EntryKind::kCity ||
            (m.entry->kind == EntryKind::kRegion && Is(p.a, kFirstName)));
  }

  bool GazetteerName(const Part& p) {
    if (p.whole.empty()) return false;
    if (DoubtfulPlace(p) && (p.after_title || !(Strong(p.whole.front(), p.a) ||
                                                PlaceContext(p.a, true)))) {
      return false;
    }
    const PhraseMatch& m = p.whole.front();
    Emit(p.a, p.b, m.entry->type, Evidence::kGazetteer, &m, p.title_begin,
         "gazetteer");
    return true;
  }

  // "Louvre Accord", "Baker Plan", "Trade Act": an agreement's, a plan's
  // or a law's name is no person's, nor an organisation's.
  bool DealName(const Part& p) {
    return p.size() >= 2 && Is(p.b - 1, kDealWord);
  }

  // "Clinton" is a small town, and more often a surname. After a title it
  // is one: the title rules read it.
  bool SmallPlace(const Part& p) {
    if (p.whole.empty() || p.after_title || !DoubtfulPlace(p)) return false;
    Emit(p.a, p.b, EntityType::kPerson, Evidence::kShape, nullptr,
         p.title_begin, "small-place");
    out_.back().tentative = true;
    return true;
  }

  // Two known names side by side; but not a first name and a small town
  // ("David Keller").
  bool GazetteerPair(const Part& p) {
    if (!p.known_prefix()) return false;
    const auto rest = gazetteer_.Find(KeyOfRange(p.matched, p.b));
    if (rest.empty() || !Strong(p.prefix, p.a) ||
        !Strong(rest.front(), p.matched) ||
        (Is(p.a, kFirstName) && p.prefix.entry->kind != EntryKind::kCurated &&
         p.prefix.entry->kind != EntryKind::kCountry)) {
      return false;
    }
    Emit(p.a, p.matched, p.prefix.entry->type, Evidence::kGazetteer, &p.prefix,
         tokens_[p.a].begin, "gazetteer-pair");
    ClassifyPart(p.matched, p.b, false, tokens_[p.matched].begin);
    return true;
  }

  // The adjective, then the organisation: "German Foreign Ministry". Not
  // a company's name, which the adjective opens: "American Express Co",
  // "British Petroleum Co Plc", nor one that is no name without it:
  // "American Stock Exchange".
  bool AdjectiveThenOrg(const Part& p) {
    if (!p.known_prefix() || !p.prefix.derived || p.b - p.matched < 2 ||
        CompanySuffix(p.b - 1)) {
      return false;
    }
    bool org = false;
    bool generic = true;
    for (size_t k = p.matched; k < p.b; ++k) {
      org |= Is(k, kOrgWord);
      generic &= Is(k, kOrgWord | kGenericWord);
    }
    if (!org) return false;
    // "American Stock Exchange", "Swiss National Bank": what follows the
    // adjective only describes; with it, it is a name. So is a firm's or a
    // bank's name that no state's body ends: "Canadian Imperial Bank of
    // Commerce".
    if (generic || !StateBody(p.matched, p.b)) {
      Emit(p.a, p.b, EntityType::kOrg, Evidence::kKeyword, nullptr,
           tokens_[p.a].begin, "adjective-org");
      return true;
    }
    Emit(p.a, p.matched, p.prefix.entry->type, Evidence::kGazetteer, &p.prefix,
         tokens_[p.a].begin, "gazetteer-prefix");
    Emit(p.matched, p.b, EntityType::kOrg, Evidence::kKeyword, nullptr,
         tokens_[p.matched].begin, "orgword");
    return true;
  }

  // Whether tokens [a, b) hold a word that names a state's or a party's
  // body: "Foreign Ministry", "Communist Party", "Defence Forces".
  bool StateBody(size_t a, size_t b) const {
    static constexpr std::string_view kStateWords[] = {
        "ministry",   "ministries", "department", "departments",   "party",
        "embassy",    "government", "army",       "navy",          "parliament",
        "cabinet",    "office",     "police",     "court",         "council",
        "commission", "agency",     "force",      "forces",        "guard",
        "authority",  "bureau",     "senate",     "congress",      "assembly",
        "committee",  "regime",     "command",    "administration"};
    for (size_t k = a; k < b; ++k) {
      if (std::find(std::begin(kStateWords), std::end(kStateWords), keys_[k]) !=
          std::end(kStateWords))
        return true;
    }
    return false;
  }

  // Words all in capitals outside a capitals line ("PRESS DIGEST", "FIRST
  // DIVISION RESULT") are a heading: only known names count there.
  bool CapitalsHeading(const Part& p) {
    if (p.size() < 2) return false;
    for (size_t k = p.a; k < p.b; ++k) {
      if (tokens_[k].shape != TokenShape::kUpper) return false;
    }
    return true;
  }

  // "Ministry", "Co Inc", and with a generic word "the Central Bank",
  // "Stock Exchange": a description, no name.
  bool OnlyOrgWords(const Part& p) {
    for (size_t k = p.a; k < p.b; ++k) {
      if (!Is(k, kOrgWord | kGenericWord)) return false;
    }
    return Is(p.b - 1, kOrgWord);
  }

  // "Agriculture and Commerce Departments": two bodies named at once, no
  // one name.
  bool JointBodies(const Part& p) {
    static constexpr std::string_view kPlurals[] = {
        "departments", "ministries", "committees", "commissions",
        "councils",    "agencies",   "banks"};
    if (p.size() < 3 || std::find(std::begin(kPlurals), std::end(kPlurals),
                                  keys_[p.b - 1]) == std::end(kPlurals))
      return false;
    for (size_t k = p.a; k < p.b; ++k) {
      if (keys_[k] == "and") return true;
    }
    return false;
  }

  bool OrgWord(const Part& p) {
    for (size_t k = p.a; k < p.b; ++k) {
      // "K.K. Wong": a legal form opening a name is a person's initials.
      if (k == p.a && p.size() >= 2 && CompanySuffix(k)) continue;
      if (Is(k, kOrgWord)) {
        Emit(p.a, p.b, EntityType::kOrg, Evidence::kKeyword, nullptr,
             tokens_[p.a].begin, "orgword");
        return true;
      }
    }
    return false;
  }

  bool PlaceWord(const Part& p) {
    if (p.size() < 2 || !Is(p.b - 1, kPlaceWord)) return false;
    Emit(p.a, p.b, EntityType::kPlace, Evidence::kKeyword, nullptr,
         tokens_[p.a].begin, "placeword");
    return true;
  }

  // A known name before other words is a place's that starts a person's
  // name: "Lawrence Dallaglio", "Sanchez Vicario": a first name or a small
  // town's name before a word of no known kind.
  bool PlaceStartsPerson(const Part& p) const {
    const PhraseMatch& m = p.prefix;
    if (m.derived || m.entry->type != EntityType::kPlace) return false;
    return Is(p.a, kFirstName) ? m.entry->kind != EntryKind::kCurated
                               : m.entry->kind == EntryKind::kCity &&
                                     m.entry->weight < kBigCity;
  }

  // A place's name before words of no known kind names an organisation:
  // "Seattle Mariners", "China Daily".
  bool NamedForPlace(const Part& p) {
    if (!p.known_prefix() || p.prefix.derived ||
        p.prefix.entry->type != EntityType::kPlace || PlaceStartsPerson(p) ||
        Is(p.matched, kFirstName) ||
        LongestMatch(p.matched, p.b, nullptr) != p.matched) {
      return false;
    }
    Emit(p.a, p.b, EntityType::kOrg, Evidence::kShape, nullptr,
         tokens_[p.a].begin, "named-for-place");
    return true;
  }

  // Any other known name before other words: the name, then the rest read
  // on its own. (The whole part can be a known name here only when it is a
  // town's after a title: the title rules read that.)
  bool GazetteerPrefix(const Part& p) {
    if (!p.known_prefix() || PlaceStartsPerson(p)) return false;
    Emit(p.a, p.matched, p.prefix.entry->type, Evidence::kGazetteer, &p.prefix,
         tokens_[p.a].begin, "gazetteer-prefix");
    ClassifyPart(p.matched, p.b, false, tokens_[p.matched].begin);
    return true;
  }

  // "Exchequer Nigel Lawson": the person's name starts at the first name,
  // or at the initial before it: "Texan H. Ross Perot".
  bool SplitAtFirstName(const Part& p) {
    if (p.size() < 2 || p.after_title || Is(p.a, kFirstName)) return false;
    for (size_t k = p.a + 1; k + 1 < p.b; ++k) {
      if (Is(k, kFirstName) && !Is(k, kCommonWord)) {
        const size_t from = k - 1 > p.a && Initial(k - 1) ? k - 1 : k;
        ClassifyPart(p.a, from, false, tokens_[p.a].begin);
        ClassifyPart(from, p.b, false, tokens_[from].begin);
        return true;
      }
    }
    return false;
  }

  // A capital letter and its dot: "H." of "H. Ross Perot".
  bool Initial(size_t k) const {
    const NameToken& t = tokens_[k];
    return t.end - t.begin == 2 && text_[t.begin] >= 'A' &&
           text_[t.begin] <= 'Z' && text_[t.begin + 1] == '.';
  }

  bool Ordinary(size_t k) const {
    return Is(k, kCommonWord) && !Is(k, kFirstName);
  }

  // "General Agreement", "General Assembly": a title before ordinary words
  // is part of something else's name.
  bool OrdinaryAfterTitle(const Part& p) {
    if (!p.after_title) return false;
    for (size_t k = p.a; k < p.b; ++k) {
      if (!Ordinary(k)) return false;
    }
    return true;
  }

  // Names of several words with no title or first name to vouch for a
  // person.
  bool Untitled(const Part& p) const {
    return p.size() >= 2 && !p.after_title && !Is(p.a, kFirstName);
  }

  // People's names are rarely ordinary words: "Air France", "Labor Day",
  // "Red Star" are not people.
  bool OrdinaryWords(const Part& p) {
    if (!Untitled(p)) return false;
    for (size_t k = p.a; k < p.b; ++k) {
      if (Ordinary(k)) return true;
    }
    return false;
  }

  // "Dynamo Moscow", "Rotor Volgograd": a club named for its town.
  bool Club(const Part& p) {
    if (!Untitled(p)) return false;
    PhraseMatch last;
    if (LongestMatch(p.b - 1, p.b, &last) != p.b || last.derived ||
        last.entry->type != EntityType::kPlace || !Strong(last, p.b - 1)) {
      return false;
    }
    Emit(p.a, p.b, EntityType::kOrg, Evidence::kShape, nullptr,
         tokens_[p.a].begin, "club");
    return true;
  }

  bool TitleWords(const Part& p) {
    if (p.size() < 2 || !p.after_title) return false;
    Emit(p.a, p.b, EntityType::kPerson, Evidence::kTitle, nullptr,
         p.title_begin, "title-words");
    return true;
  }

  bool FirstNameWords(const Part& p) {
    if (p.size() < 2 || !Is(p.a, kFirstName)) return false;
    Emit(p.a, p.b, EntityType::kPerson, Evidence::kTitle, nullptr,
         p.title_begin, "firstname-words");
    return true;
  }

  // "1 Hvy Oats   M-155n-166n  unch": words that spaces part from the rest
  // of their line are a table's label, no name. (Not a number opening the
  // line: results tables list people so, "292 Iain Pyman 71 75 75".)
  bool TableCell(const Part& p) const {
    size_t k = tokens_[p.b - 1].end;
    size_t spaces = 0;
    while (k < text_.size() && text_[k] == ' ') {
      ++k;
      ++spaces;
    }
    return spaces >= 2 && k < text_.size() && text_[k] != '\n' &&
           text_[k] != '\r';
  }

  bool Words(const Part& p) {
    if (p.size() < 2) return false;
    if (TableCell(p)) return true;
    // "Malting Barley 1.23 1.25": a table row's label is no person.
    if ((p.a == 0 || tokens_[p.a - 1].line != tokens_[p.a].line) &&
        p.b < tokens_.size() && tokens_[p.b].line == tokens_[p.a].line &&
        IsNumber(p.b))
      return true;
    // "Corporate Affairs Minister John Button": words before a title name
    // the office, not a person.
    if (p.b < tokens_.size() && NameShaped(p.b) && Is(p.b, kTitleWord) &&
        tokens_[p.b].line == tokens_[p.a].line)
      return true;
    Emit(p.a, p.b, EntityType::kPerson, Evidence::kShape, nullptr,
         p.title_begin, "words");
    return true;
  }

  bool TitleWord(const Part& p) {
    if (p.size() != 1 || !p.after_title) return false;
    Emit(p.a, p.b, EntityType::kPerson, Evidence::kTitle, nullptr,
         p.title_begin, "title-word");
    return true;
  }

  bool MonthWord(const Part& p) { return p.size() == 1 && Is(p.a, kMonth); }

  // Two capitals are as often a code ("NZ", "HK") as an organisation.
  bool Acronym(const Part& p) {
    const NameToken& t = tokens_[p.a];
    if (p.size() != 1 || t.shape != TokenShape::kUpper ||
        t.end - t.begin > kMaxAcronym || t.end - t.begin < 3 ||
        t.abbreviation || Is(p.a, kCommonWord)) {
      return false;
    }
    Emit(p.a, p.b, EntityType::kOrg, Evidence::kShape, nullptr, t.begin,
         "acronym");
    return true;
  }

  // Kept only if the article defines it: "the Ansar Velmora (AV)".
  bool ShortAcronym(const Part& p) {
    const NameToken& t = tokens_[p.a];
    if (p.size() != 1 || t.shape != TokenShape::kUpper ||
        t.end - t.begin != 2 || t.abbreviation) {
      return false;
    }
    Emit(p.a, p.b, EntityType::kOrg, Evidence::kShape, nullptr, t.begin,
         "short-acronym");
    out_.back().tentative = true;
    return true;
  }

  bool HyphenParts(const Part& p) {
    return p.size() == 1 && EmitHyphenParts(p.a);
  }

  bool PlaceByContext(const Part& p) {
    if (p.size() != 1 || !PlaceContext(p.a, false)) return false;
    Emit(p.a, p.b, EntityType::kPlace, Evidence::kKeyword, nullptr,
         tokens_[p.a].begin, "placecontext");
    return true;
  }

  // A lone word of no known kind: kept only as the short form of a name
  // found in the article, or as an unresolved name if it reads as one.
  bool LoneWord(const Part& p) {
    const NameToken& t = tokens_[p.a];
    Emit(p.a, p.b, EntityType::kPerson, Evidence::kShape, nullptr, t.begin,
         "word");
    out_.back().tentative = true;
    // "Tashkai" of "Velmor Tashkai won.", its opener unproven, is no name
    // to keep on its own.
    // Nor is "Currency" of "the U.S. Currency fell", which the article
    // writes in lower case elsewhere.
    const bool after_abbreviation =
        p.a > 0 && tokens_[p.a - 1].abbreviation && WrittenLower(p.a);
    out_.back().standalone = !t.sentence_start && !lost_opener_ &&
                             !after_abbreviation &&
                             t.shape != TokenShape::kUpper &&
                             !Is(p.a, kCommonWord | kNotName | kTitleWord |
                                          kOrgWord | kPlaceWord | kFirstName);
    return true;
  }

  // A score, not a date, a year or a quantity: "Surrey 429-7", "CHICAGO
  // 71 64".
  bool Score(size_t i) const {
    if (i >= tokens_.size() || tokens_[i].shape != TokenShape::kNumber)
      return false;
    const std::string_view t = tokens_[i].text(text_);
    // Not a quantity: "Zaire 1,736", "Bolivia 13.7", "Velmora 2500".
    if (t.size() >= 8 || t.find_first_of(",.") != std::string_view::npos)
      return false;
    const size_t digits = t.find_first_not_of("0123456789");
    return std::min(digits, t.size()) < 4;  // nor a year: 1996, 1996-08-30
  }

  // A town's or a region's mention that could name its team.
  static bool TownMention(const Mention& m) {
    return m.type == EntityType::kPlace && !m.derived &&
           (!m.entry || m.entry->kind == EntryKind::kCity ||
            m.entry->kind == EntryKind::kRegion);
  }

  // Sports results name teams after their towns: "Chicago 4 Houston 3",
  // "Surrey v Kent". A town followed by a score, or facing another across
  // "v", is a team; and so is the town's every other mention in the
  // article, which reports the match: "Surrey's captain", "beat Kent".
  void MarkTeams() {
    std::unordered_set<std::string> teams;
    for (Mention& m : out_) {
      const size_t a = m.first_token, b = m.end_token;
      if (LoneWordInResults(m)) {
        teams.insert(KeyOfRange(a, b));
        MakeTeam(m);
        continue;
      }
      if (!TownMention(m)) continue;
      const auto versus = [&](size_t k) {
        return k < tokens_.size() && tokens_[k].line == tokens_[a].line &&
               (keys_[k] == "v" || keys_[k] == "vs");
      };
      const bool score_after = Score(b) && tokens_[b].line == tokens_[a].line;
      const bool facing = versus(b) || (a > 0 && versus(a - 1));
      if (score_after || facing) {
        teams.insert(KeyOfRange(a, b));
        MakeTeam(m);
      }
    }
    if (teams.empty()) return;
    for (Mention& m : out_) {
      if (m.tentative || (TownMention(m) && !Venue(m)))
        if (teams.contains(KeyOfRange(m.first_token, m.end_token))) MakeTeam(m);
    }
  }

  // A mention of a town that names the place whatever its teams: the
  // dateline's, where the story was filed; a region's, as a country's
  // team is named ("beat Northern Ireland 1-0"); a venue's ("at Chicago").
  bool Venue(const Mention& m) const {
    const size_t a = m.first_token;
    return std::string_view(m.rule) == "dateline" ||
           (m.entry && m.entry->kind == EntryKind::kRegion) ||
           (a > 0 && keys_[a - 1] == "at");
  }

  // A lone word of no known kind in a results line: "Blackpool 0 Wycombe
  // 0" (a score between it and another name), "Wycombe 4 0 3 1 2 3 3" (a
  // table's row that it opens). Not a bowler's figures, "Ambrose 2-45,
  // Walsh 3-30", nor a golfer's line, "292 Iain Pyman 71 75 75".
  bool LoneWordInResults(const Mention& m) const {
    const size_t a = m.first_token, b = m.end_token;
    if (!m.tentative || b - a != 1 || !Score(b) ||
        tokens_[b].line != tokens_[a].line ||
        Is(a, kCommonWord | kNotName | kMonth | kTitleWord))
      return false;
    const uint32_t line = tokens_[a].line;
    const auto name_at = [&](size_t k) {
      return k < tokens_.size() && tokens_[k].line == line && NameShaped(k);
    };
    if (name_at(b + 1) || (a >= 2 && Score(a - 1) && name_at(a - 2) &&
                           tokens_[a - 1].line == line))
      return true;
    return RowLabel(a);
  }

  static void MakeTeam(Mention& m) {
    m.type = EntityType::kOrg;
    m.evidence = Evidence::kKeyword;
    m.entry = nullptr;
    m.tentative = false;
    m.standalone = false;
    m.rule = "team";
  }

  // Headlines and datelines: only names the gazetteer or the rest of the
  // article vouches for, matched whatever their case.
  void MatchSpecialLines() {
    bool any = false;
    for (const uint8_t s : special_line_) any |= s != 0;
    if (!any) return;
    struct Known {
      EntityType type;
      const GazetteerEntry* entry;
      bool derived;
    };
    std::unordered_map<std::string, Known> known;
    size_t max_tokens = 1;
    for (const Mention& m : out_) {
      const std::string key = KeyOfRange(m.first_token, m.end_token);
      if (m.begin != tokens_[m.first_token].begin ||
          m.end != tokens_[m.end_token - 1].end) {
        continue;  // a part of a hyphenated word
      }
      if (m.tentative) continue;
      known.emplace(key, Known{m.type, m.entry, m.derived});
      max_tokens = std::max<size_t>(max_tokens, m.end_token - m.first_token);
      if (m.type == EntityType::kPerson && !m.tentative &&
          m.end_token - m.first_token >= 2) {
        known.emplace(std::string(keys_[m.end_token - 1]),
                      Known{m.type, nullptr, false});  // the surname
      }
    }
    const size_t n = tokens_.size();
    for (size_t i = 0; i < n;) {
      const NameToken& t = tokens_[i];
      const bool title_line =
          special_line_[t.line] && t.line == 0 && t.shape != TokenShape::kUpper;
      if (!Special(i) || !t.is_word() || t.shape == TokenShape::kNumber ||
          (title_line && !t.is_name_shaped()) || Covered(i) ||
          t.line == dateline_line_) {
        ++i;
        continue;
      }
      PhraseMatch m;
      size_t best = LongestMatch(i, n, &m, true);
      if (best > i && !Strong(m, i)) best = i;
      const Known* k = nullptr;
      std::string key;
      for (size_t j = i; j < n && j - i < max_tokens; ++j) {
        if (tokens_[j].line != t.line || Covered(j)) break;
        if (j > i) key += ' ';
        key += keys_[j];
        const auto it = known.find(key);
        if (it != known.end() && j + 1 > best) {
          best = j + 1;
          k = &it->second;
        }
      }
      if (best == i || (best == i + 1 && Is(i, kNotName))) {
        ++i;
        continue;
      }
      if (k) {
        const PhraseMatch km{k->entry, k->derived};
        Emit(i, best, k->type,
             k->entry ? Evidence::kGazetteer : Evidence::kAlias,
             k->entry ? &km : nullptr, t.begin, "headline-known");
      } else {
        Emit(i, best, m.entry->type, Evidence::kGazetteer, &m, t.begin,
             "headline-gazetteer");
      }
      i = best;
    }
  }

  bool Covered(size_t i) const { return i < covered_.size() && covered_[i]; }

  std::string_view text_;
  std::span<const NameToken> tokens_;
  const Gazetteer& gazetteer_;
  const TextLayout& layout_;
  uint32_t dateline_line_ = UINT32_MAX;
  // Tokens the dateline and headline-ticker rules have read.
  std::vector<uint8_t> covered_;
  std::vector<std::string_view> keys_;
  std::deque<std::string> folded_;  // keys that differ from the text
  mutable std::vector<Gazetteer::TokenInfo> info_;
  mutable std::vector<uint8_t> looked_up_;
  std::vector<uint8_t> special_line_;
  // The run being classified lost its first word for want of evidence.
  bool lost_opener_ = false;
  KeySet mid_caps_;
  KeySet lower_seen_;
  mutable std::unordered_map<std::string, bool> written_lower_;
  std::vector<Mention> out_;
};

}  // namespace

std::vector<Mention> FindNameMentions(std::string_view text,
                                      std::span<const NameToken> tokens,
                                      const Gazetteer& gazetteer,
                                      const TextLayout& layout) {
  return Finder(text, tokens, gazetteer, layout).Run();
}

std::vector<Mention> FindNameMentions(std::string_view text,
                                      std::span<const NameToken> tokens,
                                      const Gazetteer& gazetteer,
                                      bool first_line_is_title) {
  TextLayout layout;
  layout.first_line_is_title = first_line_is_title;
  return FindNameMentions(text, tokens, gazetteer, layout);
}

}  // namespace gazette
