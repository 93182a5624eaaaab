// What a search returns: totals, the page of hits and the facets. Printers
// turn it into text or JSON. Plain values that own their data: a result
// stays valid after its Searcher is gone, and may be read from any thread.
#ifndef GAZETTE_SEARCH_RESULT_H_
#define GAZETTE_SEARCH_RESULT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gazette/date.h"
#include "gazette/entity.h"
#include "gazette/search_request.h"

namespace gazette {

struct Snippet {
  // Plain text, whitespace collapsed; "…" marks text left out.
  std::string text;
  // Highlighted query words: [begin, end) byte offsets into text.
  std::vector<std::pair<size_t, size_t>> highlights;
};

// A term of a related-articles query (SearchRequest::like or
// related_by_entities), and what a hit shares with the seed article.
struct RelatedTerm {
  // like: the word as the seed article writes it most often among the words
  // of this stem ("talks"); entities: the entity's display name.
  std::string text;
  // like: the stem the query matches ("talk"), as Snowball English gives
  // it; entities: the folded key, which --person, --place and --org (and
  // person:, place:, org:) accept.
  std::string key;
  // Entities only.
  std::optional<EntityType> type;
  // Its weight in the query: like, the expand-set weight scaled so the
  // heaviest term weighs 1; entities, its idf, log(articles / articles
  // mentioning it).
  double weight = 0;
};

struct Related {
  bool by_entities = false;  // related_by_entities, else like
  std::string seed;          // the seed article's id
  // The query's terms, heaviest first.
  std::vector<RelatedTerm> terms;
};

struct Hit {
  size_t rank = 0;  // 1-based, counting from the first match overall
  std::string id;
  // Absolute path, when indexed, of the file the article was read from:
  // its own, or the JSON Lines file holding it.
  std::string path;
  std::string title;
  std::optional<Date> date;
  // The article's source: header or field, and its url: both may be empty.
  std::string source;
  std::string url;
  double score = 0;
  Snippet snippet;
  // The people, places, organisations and groups the article mentions.
  std::vector<ArticleEntity> entities;
  // For related articles: the query's terms the hit shares with the seed
  // (Related::terms' order).
  std::vector<RelatedTerm> shared;
  // Its near-duplicate group: the smallest id among its members ("" when
  // it has no near duplicate), how many articles of the index it holds
  // (itself included: 1 when alone), and how many others of them match the
  // search: those a collapsed list (SearchRequest::collapse) leaves out for
  // this one. Counted exactly.
  std::string group;
  uint64_t group_size = 1;
  uint64_t similar = 0;
};

struct Totals {
  uint64_t estimated = 0;
  uint64_t lower = 0;
  uint64_t upper = 0;
  bool exact() const { return lower == upper; }
};

struct FacetValue {
  std::string value;  // display name, or "2025" / "2025-05" for dates
  std::string key;    // what a filter matches: folded name, or the date
  uint64_t count = 0;
};

struct Facets {
  // True when counted over every matching article.
  bool exact = false;
  // Set when the values were chosen by counting a sample of the matching
  // articles (SearchRequest::facet_sample): each count shown is exact, but
  // a value the sample missed may be missing, and `exact` is false.
  struct Sample {
    uint64_t counted = 0;  // articles counted to choose the values
    uint64_t matches = 0;  // articles matching
  };
  std::optional<Sample> sample;
  std::vector<FacetValue> persons;
  std::vector<FacetValue> places;
  std::vector<FacetValue> orgs;
  std::vector<FacetValue> groups;
  std::vector<FacetValue> years;   // chronological
  std::vector<FacetValue> months;  // chronological
};

// "Did you mean": the query with its misspelt-looking words corrected from
// the index's own vocabulary, offered when the query matched at most
// kFewMatches articles and the correction, under the same filters, matches
// more.
struct Suggestion {
  std::string query;
  // Articles it matches, counted exactly up to the request's
  // count_exactly_up_to (at least that many beyond).
  uint64_t total = 0;
};

inline constexpr uint64_t kFewMatches = 5;

// Matching articles over time (SearchRequest::timeline), in buckets of one
// day, month or year, chosen by the span of the matches: days when the
// dated matches all fall within kTimelineDayMonths months, years when they
// span more than kTimelineMonthMonths months, else months. Every bucket
// from the first dated match's to the last's, empty ones included.
struct TimelineBucket {
  // "2025", "2025-05" or "2025-05-28": a date --since, --until and date:
  // take, which finds `count` of the matches when given as both bounds.
  std::string date;
  uint64_t count = 0;
};

struct Timeline {
  std::string unit;  // "day", "month" or "year"
  // True when counted over every matching article (as Facets::exact).
  bool exact = false;
  std::vector<TimelineBucket> buckets;  // chronological; none when no
                                        // matching article has a date
};

inline constexpr uint32_t kTimelineDayMonths = 2;
inline constexpr uint32_t kTimelineMonthMonths = 48;

struct SearchResult {
  SearchRequest request;
  Totals totals;
  std::vector<Hit> hits;
  std::optional<Facets> facets;
  // Shards of the index that did not answer and are left out of this
  // result (ShardOptions::allow_missing), as the stub names them
  // ("remote 10.0.0.7:9003"); empty when every shard answered.
  std::vector<std::string> missing_shards;
  std::optional<Suggestion> suggestion;
  std::optional<Timeline> timeline;
  // Set for related articles (SearchRequest::like, related_by_entities).
  std::optional<Related> related;
  double seconds = 0;
};

}  // namespace gazette

#endif  // GAZETTE_SEARCH_RESULT_H_
