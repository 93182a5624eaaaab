// Facet counting over shards, behind the FacetCounter interface. The
// counters of MakeFacetCounter() cannot serve them: Xapian's remote backend
// runs only the MatchSpy classes Xapian itself defines, so a custom spy
// cannot go to a shard served by xapian-tcpsrv; and over several local
// databases Xapian 1.4 gives a MatchSpy each document with its docid in its
// own shard, not in the combined database, so the matches' docids cannot be
// intersected with a term's postings.
#ifndef GAZETTE_COMMON_SEARCH_SHARD_FACET_COUNTER_H_
#define GAZETTE_COMMON_SEARCH_SHARD_FACET_COUNTER_H_

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/search/facet_counter.h"
#include "common/search/match_count.h"

namespace gazette {

// Built from Xapian's own pieces only, so any mix of local and remote shards
// takes it:
// - a counting pass after the search (`query` again, no weights, no hits:
//   see Attach() in the .cc for why not during the search) with two
//   Xapian::ValueCountMatchSpy, on the entity list slot and on the date
//   slot: each shard counts its matches by the distinct values they hold
//   and Xapian merges the counts. Each distinct entity list is decoded once
//   and counted as many times as articles hold it, which chooses the values
//   shown exactly as MakeFacetCounter() does; days add up to months and
//   years;
// - then each value shown is counted as its filter counts it. Where the
//   index has as many articles holding the value's filter term as giving
//   its key the names the matches give it (their facet name terms; the
//   frequencies of all these terms come from one query, one request to each
//   shard), the filter finds just the articles listing the key, and the
//   count from the lists is the filter's. Every other value gets a count
//   query: `query` filtered by the value's term, every match checked
//   (get_mset with check_at_least the document count, no hits), one round
//   trip to each shard. When the query matches every article, the term's
//   frequency is the count and nothing is asked.
// The same counts, names and order as MakeFacetCounter() on one database
// holding the same articles. `query` is the one the enquire runs; db must
// outlive the counter. No facet sampling: every match is counted. If
// `count_queries` is given, Result() adds the count queries it ran to it.
std::unique_ptr<FacetCounter> MakeShardFacetCounter(
    const Xapian::Database& db, const Xapian::Query& query, size_t limit,
    size_t* count_queries = nullptr);

// The counter for a search of `query` on db, the route chosen here: that of
// MakeFacetCounter(db, query, options) for one local database (the facet
// fields, with the caches of `options`), MakeShardFacetCounter()'s for
// several, or for any remote one (`remote`: the database opened from a stub
// that lists one), which takes only options.limit.
std::unique_ptr<FacetCounter> MakeFacetCounterFor(const Xapian::Database& db,
                                                  const Xapian::Query& query,
                                                  bool remote,
                                                  const FacetOptions& options);

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_SHARD_FACET_COUNTER_H_
