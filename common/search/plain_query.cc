#include "common/search/plain_query.h"

#include <map>
#include <string>
#include <vector>

#include "common/base/stop_words.h"
#include "common/index/schema.h"

namespace gazette {
namespace {

// The words of `text` in order, lower case and unstemmed, as the indexer's
// TermGenerator splits them; stop words dropped if asked.
std::vector<std::string> TermWords(std::string_view text,
                                   bool drop_stop_words) {
  Xapian::TermGenerator generator;
  const StopWords stop_words;
  if (drop_stop_words) {
    generator.set_stopper(&stop_words);
    generator.set_stopper_strategy(Xapian::TermGenerator::STOP_ALL);
  }
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  Xapian::Document doc;
  generator.set_document(doc);
  generator.index_text(std::string(text));
  std::map<Xapian::termpos, std::string> by_position;
  for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
    for (auto pos = term.positionlist_begin(); pos != term.positionlist_end();
         ++pos) {
      by_position[*pos] = *term;
    }
  }
  std::vector<std::string> words;
  for (auto& [pos, word] : by_position) words.push_back(std::move(word));
  return words;
}

bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool IsAsciiAlnum(char c) { return IsAsciiLetter(c) || (c >= '0' && c <= '9'); }

// The length of an abbreviation written with dots at text[pos] ("U.S.",
// "E.C."): single capital letters, each followed by a dot, at least two of
// them, ending at a word boundary, which Xapian's TermGenerator indexes as
// one word ("us", "ec"); 0 if there is none.
size_t AbbreviationAt(std::string_view text, size_t pos) {
  if (pos > 0 && IsAsciiAlnum(text[pos - 1])) return 0;
  size_t end = pos;
  size_t letters = 0;
  while (end + 1 < text.size() && text[end] >= 'A' && text[end] <= 'Z' &&
         text[end + 1] == '.') {
    end += 2;
    ++letters;
  }
  if (letters < 2 || (end < text.size() && IsAsciiAlnum(text[end]))) return 0;
  return end - pos;
}

// The query's words in order, as TermWords gives them. An abbreviation
// written with dots is a word, never a stop word: "U.S." is indexed as
// "us", which the stop list would otherwise drop as the pronoun.
std::vector<std::string> Words(std::string_view text, bool drop_stop_words) {
  std::vector<std::string> words;
  const auto add = [&](std::string_view part, bool drop) {
    for (std::string& word : TermWords(part, drop))
      words.push_back(std::move(word));
  };
  size_t done = 0;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    const size_t length = drop_stop_words ? AbbreviationAt(text, pos) : 0;
    if (length == 0) continue;
    add(text.substr(done, pos - done), true);
    add(text.substr(pos, length), false);
    done = pos + length;
    pos = done - 1;
  }
  add(text.substr(done), drop_stop_words);
  return words;
}

Xapian::Query Scaled(const Xapian::Query& query, double factor) {
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query, factor);
}

}  // namespace

Xapian::Query PlainTextQuery(std::string_view text,
                             const RankingParams& params) {
  std::vector<std::string> words = Words(text, params.stop_words);
  if (params.drop_single_chars) {
    std::erase_if(words, [](const std::string& w) { return w.size() == 1; });
  }
  if (words.empty() && params.stop_words) words = Words(text, false);
  if (words.empty()) return Xapian::Query();

  const Xapian::Stem stem = schema::MakeStemmer();
  std::map<std::string, Xapian::termcount> stems;  // stem -> occurrences
  std::map<std::string, Xapian::termcount> forms;  // word -> occurrences
  for (const std::string& word : words) {
    ++stems[stem(word)];
    ++forms[word];
  }

  std::vector<Xapian::Query> terms;
  std::vector<Xapian::Query> title;
  Xapian::termpos position = 1;
  for (const auto& [s, count] : stems) {
    terms.emplace_back("Z" + s, count, position);
    // Appended, not "Z" + std::string(...): GCC 12 at -O3 warns
    // (-Wrestrict) about the insert at the front of a temporary.
    std::string title_term = "Z";
    title_term += schema::kTitlePrefix;
    title_term += s;
    title.emplace_back(title_term, count, position);
    ++position;
  }
  const Xapian::Query any(Xapian::Query::OP_OR, terms.begin(), terms.end());
  // Boosts only re-rank: every article they match has one of the words.
  std::vector<Xapian::Query> boosts;
  if (params.exact_weight > 0) {
    std::vector<Xapian::Query> exact;
    for (const auto& [word, count] : forms) exact.emplace_back(word, count);
    boosts.push_back(
        Scaled(Xapian::Query(Xapian::Query::OP_OR, exact.begin(), exact.end()),
               params.exact_weight));
  }
  if (params.title_weight > 0) {
    boosts.push_back(
        Scaled(Xapian::Query(Xapian::Query::OP_OR, title.begin(), title.end()),
               params.title_weight));
  }
  if (params.proximity_weight > 0) {
    std::vector<Xapian::Query> pairs;
    for (size_t i = 1; i < words.size(); ++i) {
      if (words[i] == words[i - 1]) continue;
      const Xapian::Query pair[] = {Xapian::Query(words[i - 1]),
                                    Xapian::Query(words[i])};
      pairs.emplace_back(Xapian::Query::OP_NEAR, std::begin(pair),
                         std::end(pair), params.proximity_window);
    }
    if (!pairs.empty()) {
      boosts.push_back(Scaled(
          Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end()),
          params.proximity_weight));
    }
  }
  if (boosts.empty()) return any;
  return Xapian::Query(
      Xapian::Query::OP_AND_MAYBE, any,
      Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end()));
}

}  // namespace gazette
