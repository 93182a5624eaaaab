// Queries from plain text, such as a pasted question or a topic
// description: no operator syntax, any word may match, and every word is
// analysed as the indexer analyses article text (so capitals are stemmed
// like lower case).
#ifndef GAZETTE_COMMON_SEARCH_PLAIN_QUERY_H_
#define GAZETTE_COMMON_SEARCH_PLAIN_QUERY_H_

#include <xapian.h>

#include <string_view>

#include "common/search/ranking.h"

namespace gazette {

// The words' stems, each weighted by how often it occurs in `text`, with
// the title and proximity boosts that `params` asks for. Stop words are
// dropped unless nothing else is left. Returns an empty query (matching
// nothing) when `text` has no words.
Xapian::Query PlainTextQuery(std::string_view text,
                             const RankingParams& params);

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_PLAIN_QUERY_H_
