// Retrieval-quality measures over ranked runs and relevance judgments, with
// trec_eval's definitions, so the numbers compare with published ones.
#ifndef GAZETTE_BENCH_RANK_EVAL_METRICS_H_
#define GAZETTE_BENCH_RANK_EVAL_METRICS_H_

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace gazette::eval {

// Judgments for one topic: document id -> grade. Grades above zero are
// relevant and are the gain nDCG counts; zero means judged not relevant.
using Judgments = std::map<std::string, int>;
// Topic id -> judgments.
using Qrels = std::map<std::string, Judgments>;

struct ScoredDoc {
  std::string doc;
  double score = 0;
};
// What a system returned for one topic.
using Ranking = std::vector<ScoredDoc>;
// Topic id -> ranking.
using Run = std::map<std::string, Ranking>;

struct Scores {
  double ap = 0;         // average precision (trec_eval map)
  double p10 = 0;        // precision at 10 (P_10)
  double p30 = 0;        // precision at 30 (P_30)
  double ndcg10 = 0;     // nDCG at 10 (ndcg_cut_10)
  double recall100 = 0;  // recall at 100 (recall_100)
};

// Orders a ranking the way trec_eval reads a run: by score, highest first,
// ties by document id in descending byte order. A document listed twice
// keeps its first (best) place.
Ranking TrecOrder(Ranking ranking);

// Scores one topic's ranking (put in trec_eval's order first) against its
// judgments. A topic without relevant documents scores zero everywhere.
Scores ScoreTopic(const Ranking& ranking, const Judgments& judgments);

struct Summary {
  size_t topics = 0;  // topics averaged over
  Scores mean;
};

// Averages ScoreTopic over the judged topics (those with at least one
// relevant document) that `include` accepts (all when it is empty). A judged
// topic missing from the run counts as zero everywhere, as trec_eval -c
// does; topics of the run without judgments are ignored.
Summary ScoreRun(const Run& run, const Qrels& qrels,
                 const std::set<std::string>& include = {});

}  // namespace gazette::eval

#endif  // GAZETTE_BENCH_RANK_EVAL_METRICS_H_
