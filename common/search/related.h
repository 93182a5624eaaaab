// Related articles: the query that ranks the articles most like a seed
// article (its characteristic stems) or sharing its entities (weighted by
// rarity), and what each hit shares with the seed.
#ifndef GAZETTE_COMMON_SEARCH_RELATED_H_
#define GAZETTE_COMMON_SEARCH_RELATED_H_

#include <xapian.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/search/query_builder.h"
#include "gazette/ranking.h"
#include "gazette/search_request.h"
#include "gazette/search_result.h"

namespace gazette {

struct RelatedQuery {
  // Ranks related articles: never the seed, only within the date window,
  // narrowed by the request's query and filters.
  Xapian::Query query;
  // Rank by the sum of the matching terms' scaled weights alone
  // (Xapian::CoordWeight), rather than by BM25.
  bool coord_weight = false;
  Related info;
  // Xapian term -> its index in info.terms.
  std::map<std::string, size_t> term_index;
};

// The related-articles query of `request`, or nothing when it asks for
// none. Throws Error(kQuery) when the seed id is in no article of `db`,
// when both kinds are asked for, when within_days is above kMaxWithinDays,
// is given without a kind or for an undated seed, and as builder.Build()
// does for the query and filters.
std::optional<RelatedQuery> BuildRelatedQuery(const Xapian::Database& db,
                                              const SearchRequest& request,
                                              QueryBuilder& builder,
                                              const RankingParams& ranking);

// The query's terms the hit at `it` shares with the seed, in the query's
// order.
std::vector<RelatedTerm> SharedTerms(const Xapian::Enquire& enquire,
                                     const Xapian::MSetIterator& it,
                                     const RelatedQuery& related);

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_RELATED_H_
