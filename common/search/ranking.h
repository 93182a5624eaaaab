// Ranking on Xapian: the BM25 weighting scheme and pseudo-relevance
// feedback, as RankingParams (gazette/ranking.h) set them.
#ifndef GAZETTE_COMMON_SEARCH_RANKING_H_
#define GAZETTE_COMMON_SEARCH_RANKING_H_

#include <xapian.h>

#include <functional>
#include <string_view>
#include <vector>

#include "gazette/ranking.h"

namespace gazette {

// Whether feedback (and related articles) may take `term`: a stem of the
// body or title words (Z prefix, not ZS), never a stop word, a number or a
// one-letter stem.
bool IsFeedbackStem(std::string_view term);

// The weighting scheme for an Enquire.
Xapian::BM25Weight MakeWeight(const RankingParams& params);

// Reads the documents of an MSet's hits, in its order (ShardSet::Documents).
using DocumentReader =
    std::function<std::vector<Xapian::Document>(const Xapian::MSet&)>;

// Pseudo-relevance feedback: runs `query` on `enquire` (whose weighting
// scheme is set), takes the top hits as relevant and returns the query with
// their best terms added. Returns `query` unchanged when nothing matches.
// The "rm3" scheme reads the hits' words from the index's term lists (quick
// on a local database, a round trip per document to a remote shard), or,
// given `stored_text`, from the stored articles it reads (each remote
// shard's at the same time), analysed again as the indexer analysed them:
// the same terms with the same frequencies, so the same expanded query.
// "trad" and "bo1" use Xapian's get_eset, which asks a remote shard for
// each candidate term's frequency (about 25 times slower than a local
// database).
Xapian::Query ExpandQuery(Xapian::Enquire& enquire, const Xapian::Query& query,
                          const RankingParams& params,
                          const DocumentReader& stored_text = {});

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_RANKING_H_
