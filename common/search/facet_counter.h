// Facet counting: how the matching articles spread over entities and time.
// Behind one small interface so a remote shard can count another way.
#ifndef GAZETTE_COMMON_SEARCH_FACET_COUNTER_H_
#define GAZETTE_COMMON_SEARCH_FACET_COUNTER_H_

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>

#include "gazette/search_result.h"

namespace gazette {

class FacetCounter {
 public:
  virtual ~FacetCounter() = default;
  // Registers with the enquire before get_mset(); the enquire must be asked
  // to check every match for exact counts.
  virtual void Attach(Xapian::Enquire& enquire) = 0;
  // The top `limit` values per entity type (by count, then name) and every
  // year and month, after get_mset() on `db`. `exact` says whether every
  // match was counted. An entity's count is what its filter (person:NAME
  // with the value shown) finds among the matches: the articles that name
  // it in any form, its aliases and those of other entities included, so
  // that every value shown counts back through its filter to the number
  // shown.
  virtual Facets Result(const Xapian::Database& db, size_t limit,
                        bool exact) const = 0;
};

// The counter for a local database: a MatchSpy that decodes each matching
// article's entity list and date once, and notes its docid, so that the
// entities it finds most often can be counted by their filter terms.
std::unique_ptr<FacetCounter> MakeFacetCounter();

// What every route shares, so that they order and name values alike.
// The order of entity values: most articles first, then by key.
bool FacetValueBefore(const FacetValue& a, const FacetValue& b);
// Appends the years and months, chronological ("2025" and "2025-05"), of
// counts by month (YYYYMM).
void AddDated(const std::map<uint32_t, uint64_t>& by_month, Facets& facets);

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_FACET_COUNTER_H_
