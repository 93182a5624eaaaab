// Facet counting over remote shards, behind the FacetCounter interface:
// Xapian's remote backend runs only the MatchSpy classes Xapian itself
// defines, so the custom spy of MakeFacetCounter() cannot go to a shard
// served by xapian-tcpsrv.
#ifndef GAZETTE_COMMON_SEARCH_REMOTE_FACET_COUNTER_H_
#define GAZETTE_COMMON_SEARCH_REMOTE_FACET_COUNTER_H_

#include <memory>

#include "common/search/facet_counter.h"

namespace gazette {

// Two built-in Xapian::ValueCountMatchSpy, on the entity list slot and on
// the date slot: each shard counts the matching articles by the distinct
// values they hold and sends the counts back, merged by Xapian; each
// distinct entity list is then decoded once, counted as many times as
// articles hold it, and days add up to months and years. The same counts,
// names and order as MakeFacetCounter() gives, from any mix of local and
// remote shards. Its cost grows with the number of distinct entity lists
// among the matches (about one per article), which each shard sends whole.
std::unique_ptr<FacetCounter> MakeRemoteFacetCounter();

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_REMOTE_FACET_COUNTER_H_
