// Ranking on Xapian: the BM25 weighting scheme and pseudo-relevance
// feedback, as RankingParams (gazette/ranking.h) set them.
#ifndef GAZETTE_COMMON_SEARCH_RANKING_H_
#define GAZETTE_COMMON_SEARCH_RANKING_H_

#include <xapian.h>

#include "gazette/ranking.h"

namespace gazette {

// The weighting scheme for an Enquire.
Xapian::BM25Weight MakeWeight(const RankingParams& params);

// Pseudo-relevance feedback: runs `query` on `enquire` (whose weighting
// scheme is set), takes the top hits as relevant and returns the query with
// their best terms added. Returns `query` unchanged when nothing matches.
Xapian::Query ExpandQuery(Xapian::Enquire& enquire, const Xapian::Query& query,
                          const RankingParams& params);

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_RANKING_H_
