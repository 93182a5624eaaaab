// A first, rule-based entity extractor: capitalised name sequences typed by
// the titles and keywords around them. Deliberately small; see issue 3 for
// the extractor that replaces it.
#include <xapian.h>

#include <algorithm>
#include <array>
#include <map>
#include <string>

#include "common/entity_extractor.h"
#include "common/fold.h"
#include "common/utf8.h"

namespace gazette {
namespace {

struct Token {
  std::string text;
  bool capitalised = false;
  bool sentence_start = false;
  // Only whitespace separates it from the previous token.
  bool joined = false;
};

bool IsWordChar(char32_t cp) {
  return Xapian::Unicode::is_wordchar(cp) || cp == '-' || cp == '\'';
}

bool IsUpper(char32_t cp) {
  return Xapian::Unicode::get_category(cp) == Xapian::Unicode::UPPERCASE_LETTER;
}

// "Syria", "al-Sharaa" and "HTS" are capitalised; "al" alone is not.
bool IsCapitalised(std::string_view word) {
  size_t pos = 0;
  const char32_t first = DecodeUtf8(word, pos);
  if (IsUpper(first)) return true;
  const size_t hyphen = word.find('-');
  if (hyphen == std::string_view::npos || hyphen + 1 >= word.size())
    return false;
  pos = hyphen + 1;
  return IsUpper(DecodeUtf8(word, pos));
}

std::vector<Token> Tokenise(std::string_view text) {
  std::vector<Token> tokens;
  bool sentence_start = true;
  bool joined = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t start = pos;
    char32_t cp = DecodeUtf8(text, pos);
    if (!IsWordChar(cp) || cp == '-' || cp == '\'') {
      if (cp == '.' || cp == '!' || cp == '?' || cp == '\n' || cp == ':' ||
          cp == 0x201C || cp == '"') {
        sentence_start = true;
      }
      if (cp != ' ') joined = false;
      continue;
    }
    size_t end = pos;
    while (pos < text.size()) {
      size_t next = pos;
      cp = DecodeUtf8(text, next);
      if (!IsWordChar(cp)) break;
      pos = next;
      end = pos;
    }
    std::string word(text.substr(start, end - start));
    while (!word.empty() && (word.back() == '-' || word.back() == '\''))
      word.pop_back();
    if (word.size() > 2 && word.ends_with("'s")) word.resize(word.size() - 2);
    tokens.push_back({word, IsCapitalised(word), sentence_start, joined});
    sentence_start = false;
    joined = true;
  }
  return tokens;
}

constexpr std::array<std::string_view, 16> kPersonTitles = {
    "president", "minister", "official", "governor",  "strongman", "leader",
    "spy",       "mr",       "mrs",      "ms",        "dr",        "senator",
    "king",      "prince",   "general",  "chancellor"};
constexpr std::array<std::string_view, 16> kOrgWords = {
    "ministry", "department", "party", "bank",    "agency",     "corp",
    "inc",      "council",    "jihad", "company", "commission", "organization",
    "union",    "reuters",    "army",  "group"};
constexpr std::array<std::string_view, 9> kPlaceWords = {
    "heights", "east", "west", "province", "city",
    "river",   "sea",  "gulf", "island"};
constexpr std::array<std::string_view, 6> kConnectors = {"of",  "for", "bin",
                                                         "van", "de",  "al"};

template <size_t N>
bool Contains(const std::array<std::string_view, N>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

class RuleEntityExtractor : public EntityExtractor {
 public:
  std::vector<Entity> Extract(std::string_view title,
                              std::string_view body) const override {
    std::string text(title);
    text += "\n";
    text += body;
    const std::vector<Token> tokens = Tokenise(text);

    // Words seen capitalised mid-sentence are names even at a sentence start.
    std::map<std::string, bool> mid_sentence;
    for (const auto& t : tokens) {
      if (t.capitalised && !t.sentence_start) mid_sentence[t.text] = true;
    }

    std::vector<Entity> found;
    std::map<std::string, size_t> by_key;
    for (size_t i = 0; i < tokens.size();) {
      if (!tokens[i].capitalised) {
        ++i;
        continue;
      }
      size_t end = i + 1;
      while (end < tokens.size()) {
        if (!tokens[end].joined) break;
        if (tokens[end].capitalised && !tokens[end].sentence_start) {
          ++end;
        } else if (end + 1 < tokens.size() &&
                   Contains(kConnectors, tokens[end].text) &&
                   tokens[end + 1].capitalised && tokens[end + 1].joined) {
          end += 2;
        } else {
          break;
        }
      }
      std::vector<std::string> words;
      for (size_t k = i; k < end; ++k) words.push_back(tokens[k].text);
      const std::string before = i > 0 ? FoldName(tokens[i - 1].text) : "";
      // "US President Donald Trump": the name starts after the last title.
      size_t first = 0;
      bool person_title = Contains(kPersonTitles, before);
      for (size_t k = 0; k < words.size(); ++k) {
        if (Contains(kPersonTitles, FoldName(words[k]))) {
          person_title = true;
          first = k + 1;
        }
      }
      // A capitalised sentence opener is a name only if it also appears
      // capitalised mid-sentence: "On May 14" is not a name.
      if (tokens[i].sentence_start && !mid_sentence.count(tokens[i].text) &&
          first == 0) {
        first = 1;
      }
      i = end;
      if (first >= words.size()) continue;
      words.erase(words.begin(), words.begin() + first);
      Classify(words, person_title, found, by_key);
    }
    return found;
  }

 private:
  static void Classify(const std::vector<std::string>& words, bool person_title,
                       std::vector<Entity>& found,
                       std::map<std::string, size_t>& by_key) {
    std::string name;
    for (const auto& w : words) name += (name.empty() ? "" : " ") + w;
    const std::string last = FoldName(words.back());
    bool acronym = words.size() == 1 && words[0].size() >= 2 &&
                   words[0].size() <= 5 &&
                   std::all_of(words[0].begin(), words[0].end(),
                               [](char c) { return c >= 'A' && c <= 'Z'; });
    EntityType type;
    if (std::any_of(words.begin(), words.end(), [](const std::string& w) {
          return Contains(kOrgWords, FoldName(w));
        })) {
      type = EntityType::kOrg;
    } else if (Contains(kPlaceWords, last) && words.size() > 1) {
      type = EntityType::kPlace;
    } else if (person_title || words.size() >= 2) {
      type = EntityType::kPerson;
    } else if (acronym) {
      type = EntityType::kOrg;
    } else {
      // A single word could be a surname seen before: an alias.
      const std::string key = FoldName(name);
      for (auto& e : found) {
        const std::string full = FoldName(e.name);
        if (e.type == EntityType::kPerson && full.ends_with(" " + key)) {
          if (std::find(e.aliases.begin(), e.aliases.end(), name) ==
              e.aliases.end()) {
            e.aliases.push_back(name);
          }
          return;
        }
      }
      return;
    }
    const std::string key = FoldName(name);
    if (by_key.count(key)) return;
    by_key[key] = found.size();
    found.push_back({type, name, {}, false});
  }
};

}  // namespace

std::unique_ptr<EntityExtractor> MakeDefaultEntityExtractor() {
  return std::make_unique<RuleEntityExtractor>();
}

}  // namespace gazette
