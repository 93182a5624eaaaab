#include "common/search/spelling_suggester.h"

#include <algorithm>
#include <array>
#include <vector>

#include "common/index/schema.h"
#include "common/index/spelling.h"

namespace gazette {
namespace {

// A word of the query text: bytes [begin, end).
struct QueryWord {
  size_t begin = 0;
  size_t end = 0;
};

bool IsWordByte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= 0x80 || (byte >= 'a' && byte <= 'z') ||
         (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') ||
         c == '_' || c == '\'';
}

bool IsOperator(std::string_view word) {
  static constexpr std::array<std::string_view, 6> kOperators = {
      "AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
  return std::find(kOperators.begin(), kOperators.end(), word) !=
         kOperators.end();
}

// The words of the query that a correction may replace: not operators,
// field names (followed by ':'), fields' values (after ':') or wildcards
// (followed by '*').
std::vector<QueryWord> CorrectableWords(std::string_view query) {
  std::vector<QueryWord> words;
  size_t i = 0;
  while (i < query.size()) {
    if (!IsWordByte(query[i])) {
      ++i;
      continue;
    }
    QueryWord word{i, i};
    while (word.end < query.size() && IsWordByte(query[word.end])) ++word.end;
    i = word.end;
    const bool after_colon = word.begin > 0 && query[word.begin - 1] == ':';
    const bool before_mark = word.end < query.size() &&
                             (query[word.end] == ':' || query[word.end] == '*');
    const std::string_view text =
        query.substr(word.begin, word.end - word.begin);
    if (!after_colon && !before_mark && !IsOperator(text))
      words.push_back(word);
  }
  return words;
}

// Whether the index knows `word` as (a word of) a name: a person's surname
// or a one-word name, place or organisation.
bool IsKnownName(const Xapian::Database& db, const std::string& word) {
  for (const EntityType type : {EntityType::kPerson, EntityType::kPlace,
                                EntityType::kOrg, EntityType::kGroup}) {
    if (db.term_exists(schema::EntityTerm(type, word))) return true;
  }
  return false;
}

// Edits allowed: one for a short word, two from five letters on.
unsigned MaxEdits(const std::string& word) {
  size_t chars = 0;
  for (const char c : word)
    chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return chars < 5 ? 1 : 2;
}

// The correction of one (lower-case) word, or "" to keep it.
std::string CorrectWord(const Xapian::Database& spelling,
                        const Xapian::Database& db, const std::string& word) {
  if (!IsSpellingWord(word)) return {};
  const Xapian::doccount freq = db.get_termfreq(word);
  if (freq >= kKnownWordArticles) return {};
  if (freq > 0 && IsKnownName(db, word)) return {};
  std::string better = spelling.get_spelling_suggestion(word, MaxEdits(word));
  if (better.empty() || better == word) return {};
  // A word in no article may be anything the index knows as a word; one in
  // an article or two must be far rarer than its correction, or it is
  // more likely a rare word spelt right.
  const Xapian::doccount needed =
      freq == 0 ? kKnownWordArticles : kCorrectionFactor * freq;
  if (db.get_termfreq(better) < needed) return {};
  return better;
}

// `better` written as `original` was: capitalised, or all capitals.
std::string LikeOriginal(std::string_view original, std::string better) {
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (original.size() > 1 && std::all_of(original.begin(), original.end(),
                                         [&](char c) { return upper(c); })) {
    return Xapian::Unicode::toupper(better);
  }
  if (!original.empty() && upper(original.front()) && !better.empty() &&
      better.front() >= 'a' && better.front() <= 'z') {
    better.front() = static_cast<char>(better.front() - 'a' + 'A');
  }
  return better;
}

}  // namespace

std::optional<std::string> CorrectSpelling(const Xapian::Database& spelling,
                                           const Xapian::Database& db,
                                           std::string_view query) {
  std::string corrected;
  size_t copied = 0;
  bool changed = false;
  for (const QueryWord& w : CorrectableWords(query)) {
    const std::string_view original = query.substr(w.begin, w.end - w.begin);
    const std::string better = CorrectWord(
        spelling, db, Xapian::Unicode::tolower(std::string(original)));
    if (better.empty()) continue;
    corrected += query.substr(copied, w.begin - copied);
    corrected += LikeOriginal(original, better);
    copied = w.end;
    changed = true;
  }
  if (!changed) return std::nullopt;
  corrected += query.substr(copied);
  return corrected;
}

std::optional<Suggestion> SuggestQuery(const Xapian::Database& spelling,
                                       const Xapian::Database& db,
                                       QueryBuilder& builder,
                                       const SearchRequest& request,
                                       uint64_t matched) {
  if (request.query.empty()) return std::nullopt;
  std::optional<std::string> corrected =
      CorrectSpelling(spelling, db, request.query);
  if (!corrected) return std::nullopt;
  SearchRequest other = request;
  other.query = *corrected;
  Xapian::Query query;
  try {
    query = builder.Build(other);
  } catch (const Error&) {
    return std::nullopt;  // a correction is offered only if it can be asked
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  const Xapian::doccount bound = static_cast<Xapian::doccount>(std::max<size_t>(
      1, std::min<size_t>(request.count_exactly_up_to, db.get_doccount())));
  const uint64_t total =
      enquire.get_mset(0, 0, bound).get_matches_lower_bound();
  if (total <= matched) return std::nullopt;
  return Suggestion{std::move(*corrected), total};
}

}  // namespace gazette
