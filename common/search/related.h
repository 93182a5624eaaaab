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
// `remote`: db has remote shards, which count many terms' articles faster
// in one match than one term at a time (the answers are the same).
std::optional<RelatedQuery> BuildRelatedQuery(const Xapian::Database& db,
                                              const SearchRequest& request,
                                              QueryBuilder& builder,
                                              const RankingParams& ranking,
                                              bool remote = false);

// Sets each hit's `shared`: the query's terms it shares with the seed, in
// the query's order, for `page` (an MSet of db, run by `enquire`) and its
// documents `docs`. `remote`: as in BuildRelatedQuery. A remote shard
// would send each hit's term list one message per term: its stems then
// come from its stored article analysed again, and its entities from one
// match per 48 entities, weighted 2^k so that a hit's weight says which
// it holds.
void ShareTerms(const Xapian::Database& db, const Xapian::Enquire& enquire,
                const Xapian::MSet& page,
                const std::vector<Xapian::Document>& docs,
                const RelatedQuery& related, bool remote,
                std::vector<Hit>& hits);

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_RELATED_H_
