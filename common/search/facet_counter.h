// Facet counting: how the matching articles spread over entities and time.
// One small interface with several routes behind it, so that the searcher
// does not depend on how the counts are made (docs/facets.md):
// - the whole index: from term statistics, no article read;
// - a local database: the matches' ids gathered while Xapian matches, then
//   counted from their facet fields: from the column in memory when the
//   searcher keeps one, else read from the index (a few matches: from
//   their entity lists, which is cheaper for them then);
// - several shards, or remote ones: a MatchSpy of our own cannot run on
//   xapian-tcpsrv, so Xapian's ValueCountMatchSpy and one count query per
//   value shown (common/search/shard_facet_counter.h, whose
//   MakeFacetCounterFor() chooses between these and that).
#ifndef GAZETTE_COMMON_SEARCH_FACET_COUNTER_H_
#define GAZETTE_COMMON_SEARCH_FACET_COUNTER_H_

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>

#include "common/search/facet_column.h"
#include "common/search/facet_names.h"
#include "gazette/search_result.h"

namespace gazette {

struct FacetOptions {
  // Values shown per entity type; years and months are never cut.
  size_t limit = 10;
  // 0: count every match. Otherwise, when more articles match, choose the
  // values shown by counting this many of them, spread evenly over the
  // matches, then count those values exactly (Facets::sample says so).
  size_t sample = 0;
  // How a local database's matches are counted. kAuto chooses by their
  // number (and answers a query matching everything from the index's
  // totals); the others are for tests and measurements.
  enum class Method { kAuto, kEntityLists, kFacetFields };
  Method method = Method::kAuto;
  // What a searcher keeps from one search to the next, if it does (both
  // may be null): the column of facet fields, shared with its clones, and
  // the names looked up.
  FacetColumnCache* columns = nullptr;
  FacetNamesMemo* names = nullptr;
  // Threads that may count a large match set from the column.
  unsigned threads = 1;
};

class FacetCounter {
 public:
  virtual ~FacetCounter() = default;
  // Registers with the enquire before get_mset().
  virtual void Attach(Xapian::Enquire& enquire) = 0;
  // Whether get_mset() must look at every match (check_at_least: the
  // database's document count) for counts that cover them all.
  virtual bool NeedsEveryMatch() const = 0;
  // After get_mset(): the facets. `every_match_seen`: get_mset() looked at
  // every match (its time limit did not stop it), so the counts can be
  // exact (Facets::exact). The values shown of each entity type are the
  // `limit` keys most matches list (ties: the smaller key); each one's count
  // is what its filter (person:KEY, with the key shown) finds among the
  // matches: the articles that name it in any form, its aliases and those
  // of other entities included, so that every value shown counts back
  // through its filter to the number shown. Ordered by that count, then
  // key.
  virtual Facets Result(bool every_match_seen) = 0;
};

// The counter for `query` on db, which must outlive it; the route is
// chosen here. Not thread-safe: one per search.
std::unique_ptr<FacetCounter> MakeFacetCounter(const Xapian::Database& db,
                                               const Xapian::Query& query,
                                               const FacetOptions& options);

// The counter Gazette used before the facet fields: a MatchSpy decoding
// every match's entity list (and noting its id), the keys listed most
// often then counted by their filter terms among the matches. The
// reference the tests hold the routes to; db must outlive it.
std::unique_ptr<FacetCounter> MakeEntityListFacetCounter(
    const Xapian::Database& db, size_t limit);

// What every route shares, so that they order and name values alike.
// The order of entity values: most articles first, then by key.
bool FacetValueBefore(const FacetValue& a, const FacetValue& b);
// Appends the years and months, chronological ("2025" and "2025-05"), of
// counts by month (YYYYMM).
void AddDated(const std::map<uint32_t, uint64_t>& by_month, Facets& facets);

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_FACET_COUNTER_H_
