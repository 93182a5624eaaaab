// Reads what Xapian's `quest` prints for an omindex database into a ranking,
// for the omindex+quest baseline of the retrieval-quality evaluation.
#ifndef GAZETTE_BENCH_RANK_EVAL_QUEST_OUTPUT_H_
#define GAZETTE_BENCH_RANK_EVAL_QUEST_OUTPUT_H_

#include <string_view>

#include "bench/rank_eval/metrics.h"

namespace gazette::eval {

// quest prints each hit as "RANK: [WEIGHT]" followed by the document's data,
// in which omindex stores "url=/NAME.txt". The document id is NAME (the
// file name without directory and extension). Throws FormatError when a hit
// has no url.
Ranking ParseQuestOutput(std::string_view output);

}  // namespace gazette::eval

#endif  // GAZETTE_BENCH_RANK_EVAL_QUEST_OUTPUT_H_
