// What a caller asks the searcher: the query and every option that shapes
// the answer. The command line and batch requests fill the same struct. A
// plain value: copy it freely, share it read-only between threads.
#ifndef GAZETTE_SEARCH_REQUEST_H_
#define GAZETTE_SEARCH_REQUEST_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

enum class SortOrder { kRelevance, kNewest, kOldest };

std::string_view SortOrderName(SortOrder order);
std::optional<SortOrder> ParseSortOrder(std::string_view name);

// The most hits one request may show, and the furthest it may page: each
// hit shown is fetched and given a snippet, and Xapian keeps offset + limit
// candidates in memory. Searcher::Search refuses more (Error(kQuery)).
inline constexpr size_t kMaxLimit = 10000;
inline constexpr size_t kMaxOffset = 1000000;

// How many matches a search counts exactly by default (measured: README,
// "Counting matches").
inline constexpr size_t kCountExactlyUpTo = 10000;

// The smallest facet sample a request may ask for: below it, the values
// chosen would be little better than a guess.
inline constexpr size_t kMinFacetSample = 1000;
// The largest: more is no cheaper than counting every match.
inline constexpr size_t kMaxFacetSample = 100'000'000;

// The widest date window of a related-articles request (within_days): a
// century either side of the seed's date.
inline constexpr size_t kMaxWithinDays = 36500;

struct SearchRequest {
  // In the query syntax of README.md, "Query syntax". May be empty when a
  // filter is given: then every article passing the filters matches.
  std::string query;
  // Match articles with any of the words rather than all of them.
  bool match_any = false;
  // Take the query as plain text: no operator syntax, any word may match,
  // every word stemmed (capitals too), stop words dropped.
  bool plain_text = false;
  // Pseudo-relevance feedback: add the best terms of the top hits to the
  // query (RankingParams says how). Unset: on for plain text, where the
  // retrieval-quality evaluation shows it helps, off for the query syntax.
  std::optional<bool> expand;
  size_t limit = 10;  // at most kMaxLimit
  size_t offset = 0;  // at most kMaxOffset
  // Date bounds, inclusive: "YYYY", "YYYY-MM" or "YYYY-MM-DD".
  std::optional<std::string> since;
  std::optional<std::string> until;
  // Entity filters, matched by any alias, case- and accent-insensitively;
  // every value given must match.
  std::vector<std::string> persons;
  std::vector<std::string> places;
  std::vector<std::string> orgs;
  // Sources, as articles' source: headers or fields name them, compared
  // folded; an article matches if its source is any of them.
  std::vector<std::string> sources;
  SortOrder sort = SortOrder::kRelevance;
  // Count facets over all matching articles.
  bool facets = false;
  size_t facet_limit = 10;
  // Count matching articles per day, month or year (SearchResult::timeline);
  // like facets, it counts every match.
  bool timeline = false;
  // 0: count facets over every match. Otherwise, when more articles match,
  // choose the values shown by counting this many of them, then count those
  // values exactly (Facets::sample). From kMinFacetSample to
  // kMaxFacetSample.
  size_t facet_sample = 0;
  // Count every match exactly (within the Searcher's count time limit).
  bool exact_total = false;
  // Without exact_total or facets, matches are counted exactly up to this
  // many; above it the totals say "at least" this many (Totals::lower) and
  // Xapian's estimate of the rest. Counting costs time in proportion to
  // the matches counted, whatever the page asked for.
  size_t count_exactly_up_to = kCountExactlyUpTo;
  // Bytes of text to aim for in each snippet; 0 for no snippets.
  size_t snippet_bytes = 200;
  // When the query matches few articles, suggest a spelling correction
  // (SearchResult::suggestion).
  bool suggest = true;
  // Related articles (README.md, "Related articles"): rank the articles
  // most like the one with this id (as hits show ids), by its most
  // characteristic words, never the article itself. The query, if any, and
  // the filters then only narrow the matches; expansion and suggestions
  // are off. At most one of like and related_by_entities.
  std::optional<std::string> like;
  // Rank the articles sharing the people, places and organisations of the
  // article with this id, the rarer an entity in the index the more it
  // counts; otherwise as `like`.
  std::optional<std::string> related_by_entities;
  // With like or related_by_entities: only articles dated within this many
  // days of the seed article's date, either side (the seed must have a
  // date). 0: no window; at most kMaxWithinDays.
  size_t within_days = 0;
  // Near-duplicate stories (README.md, "Near-duplicate stories"): show one
  // article per group, the best placed, with how many others of its group
  // match (Hit::similar). Totals, facets and the timeline count every
  // matching article either way. Any ranked list may collapse so.
  bool collapse = true;
  // Only the articles of the near-duplicate group of the article with this
  // id (itself included; itself alone when it has no near duplicate), as a
  // filter: with no query and no other filter, the whole group. Never
  // collapsed. Error(kQuery) when no article has the id.
  std::optional<std::string> similar_to;
};

}  // namespace gazette

#endif  // GAZETTE_SEARCH_REQUEST_H_
