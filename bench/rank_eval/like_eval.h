// The evaluation of related articles (searcher --like) on a test
// collection: each relevant document of a topic is the seed, and the other
// relevant documents of that topic are what a good "more like this" list
// finds. Gazette's --like against Xapian's plain expand set, in one run.
#ifndef GAZETTE_BENCH_RANK_EVAL_LIKE_EVAL_H_
#define GAZETTE_BENCH_RANK_EVAL_LIKE_EVAL_H_

#include <string>
#include <vector>

#include "bench/rank_eval/collection.h"
#include "gazette/ranking.h"

namespace gazette::eval {

struct LikeRow {
  std::string collection;
  std::string system;
  size_t seeds = 0;  // (topic, relevant document) pairs scored
  double map = 0;    // mean over seeds of average precision
  double p10 = 0;
  double ms = 0;  // mean time per seed
};

// Scores every system on the index at `db`, built from `c` (each document
// a file DOCNO.txt, so its id is "DOCNO.txt"); `depth` hits per seed.
// Topics with fewer than two relevant documents have nothing to find.
std::vector<LikeRow> EvaluateLike(const Collection& c, const std::string& db,
                                  const RankingParams& ranking, size_t depth);

}  // namespace gazette::eval

#endif  // GAZETTE_BENCH_RANK_EVAL_LIKE_EVAL_H_
