// Snippets: the passage of an article that best matches the query, with
// the matching words located as byte ranges.
#ifndef GAZETTE_COMMON_SEARCH_SNIPPET_H_
#define GAZETTE_COMMON_SEARCH_SNIPPET_H_

#include <xapian.h>

#include <bitset>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/base/cached_stemmer.h"
#include "common/base/flat_string_map.h"
#include "gazette/search_result.h"

namespace gazette {

// The words a snippet looks for: the query's free-text terms (as written,
// and stems), title terms as if they were body terms, and wildcard
// prefixes, each with a weight. Filter terms (dates, entities, ids) are not
// words of the text and are left out; but a query of filters alone looks
// for the words of the names its entity filters give, so that listing
// articles by a person shows where they mention that person.
class SnippetTerms {
 public:
  // `query` is what the user asked, before feedback added terms, so that
  // only the user's words are highlighted. Weights come from `mset` (which
  // costs no round trip on a remote shard); a term it does not know weighs
  // as much as the heaviest one.
  SnippetTerms(const Xapian::Query& query, const Xapian::MSet& mset);
  // Words given directly: text term ("talks", "Ztalk") -> weight, and
  // wildcard prefixes with their weights.
  static SnippetTerms FromWeights(
      std::unordered_map<std::string, double> terms,
      std::vector<std::pair<std::string, double>> prefixes = {});

  // The weight of `word` (lower case, as the indexer writes terms) when it,
  // its stem or a wildcard prefix matches the query; 0 otherwise. A match
  // sets `key` to the number of the term it matched (below key_count()),
  // so repeats can be told.
  double Match(std::string_view word, StemCache& stems, size_t* key) const;
  // False when no word whose text starts with byte `first` (any case) can
  // match: most words of a text, which then need no folding or stemming.
  bool MayMatchWordStartingWith(char first) const;
  size_t key_count() const { return key_count_; }

  bool empty() const {
    return words_.size() == 0 && stems_.size() == 0 && prefixes_.empty();
  }

 private:
  struct Term {
    double weight;
    size_t key;
  };
  using TermMap = FlatStringMap<Term>;

  SnippetTerms() = default;
  // Numbers the terms and prefixes once their weights are final.
  void Index(const std::unordered_map<std::string, double>& terms,
             const std::vector<std::pair<std::string, double>>& prefixes);

  TermMap words_;  // as written
  TermMap stems_;  // "Ztalk" as "talk"
  // The first bytes of stems_' keys. The English stemmer keeps a word's
  // first letter or digit, so a word starting with another one cannot stem
  // to a query stem and is not stemmed at all: most words of a text.
  std::bitset<256> stem_starts_;
  // The first bytes of every word, stem and prefix; all set when a prefix
  // is empty.
  std::bitset<256> starts_;
  std::vector<std::pair<std::string, Term>> prefixes_;
  size_t key_count_ = 0;
};

// About `bytes` bytes of `text`: the passage where the query's words weigh
// most (each distinct word counts fully, repeats less), starting at its
// sentence when that fits, else with some words of context before the
// first match. Every matching word in the passage is highlighted. Without
// a match, the start of the text. Whitespace runs become one space and
// "…" marks text left out at either end.
// `stems` stems the text's words.
Snippet MakeSnippet(const SnippetTerms& terms, std::string_view text,
                    StemCache& stems, size_t bytes);

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_SNIPPET_H_
