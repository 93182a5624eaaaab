// Facet counting: how the matching articles spread over entities and time.
// Behind one small interface so a remote shard can count another way.
#ifndef GAZETTE_COMMON_SEARCH_FACET_COUNTER_H_
#define GAZETTE_COMMON_SEARCH_FACET_COUNTER_H_

#include <xapian.h>

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
  // year and month, after get_mset(). `exact` says whether every match was
  // counted.
  virtual Facets Result(size_t limit, bool exact) const = 0;
};

// The counter for a local database: a MatchSpy that decodes each matching
// article's entity list and date once.
std::unique_ptr<FacetCounter> MakeFacetCounter();

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_FACET_COUNTER_H_
