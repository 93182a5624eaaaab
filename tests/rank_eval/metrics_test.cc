#include "bench/rank_eval/metrics.h"

#include <doctest/doctest.h>

namespace gazette::eval {
namespace {

// The hand-worked example. Topic "A" has four relevant documents (d1, d3,
// d9 of grade 1, d7 of grade 2) and one judged not relevant (d5). The run
// lists six documents out of order; trec_eval reads them by score, ties by
// document id descending, so the ranking is
//   1 d1 (rel 1)  2 d3 (rel 1)  3 d2  4 d7 (rel 2)  5 d5  6 d4
// and d9 is never retrieved.
//   AP     = (1/1 + 2/2 + 3/4) / 4                    = 0.6875
//   P@10   = 3/10 = 0.3;  P@30 = 3/30 = 0.1;  R@100 = 3/4 = 0.75
//   DCG@10 = 1/log2(2) + 1/log2(3) + 2/log2(5)         = 2.4922829
//   IDCG   = 2/log2(2) + 1/log2(3) + 1/log2(4) + 1/log2(5) = 3.5616063
//   nDCG@10 = 2.4922829 / 3.5616063                    = 0.6997637
// Had the tie gone the other way (d5 before d7), AP would be 0.65.
const Judgments kTopicA = {
    {"d1", 1}, {"d3", 1}, {"d5", 0}, {"d7", 2}, {"d9", 1}};
const Ranking kRunA = {{"d3", 5.0}, {"d2", 4.0}, {"d1", 6.0},
                       {"d5", 3.0}, {"d7", 3.0}, {"d4", 2.0}};

TEST_CASE("scorer matches the hand-worked example for one topic") {
  const Scores s = ScoreTopic(kRunA, kTopicA);
  CHECK(s.ap == doctest::Approx(0.6875));
  CHECK(s.p10 == doctest::Approx(0.3));
  CHECK(s.p30 == doctest::Approx(0.1));
  CHECK(s.recall100 == doctest::Approx(0.75));
  CHECK(s.ndcg10 == doctest::Approx(0.6997637).epsilon(1e-6));
}

TEST_CASE("scorer orders a run as trec_eval does and drops repeats") {
  const Ranking ordered =
      TrecOrder({{"b", 1.0}, {"a", 1.0}, {"c", 2.0}, {"a", 0.5}});
  REQUIRE(ordered.size() == 3);
  CHECK(ordered[0].doc == "c");
  CHECK(ordered[1].doc == "b");  // tie: higher id first
  CHECK(ordered[2].doc == "a");
}

TEST_CASE("scorer cuts precision, recall and nDCG at their depths") {
  // One relevant document at rank 11: outside P@10 and nDCG@10, inside
  // P@30 and R@100; AP = 1/11.
  Ranking ranking;
  for (int i = 1; i <= 10; ++i) {
    ranking.push_back({"n" + std::to_string(i), 100.0 - i});
  }
  ranking.push_back({"r", 50.0});
  const Scores s = ScoreTopic(ranking, {{"r", 1}});
  CHECK(s.p10 == 0);
  CHECK(s.ndcg10 == 0);
  CHECK(s.p30 == doctest::Approx(1.0 / 30));
  CHECK(s.recall100 == 1);
  CHECK(s.ap == doctest::Approx(1.0 / 11));
}

TEST_CASE("run averages over judged topics, missing ones counting zero") {
  const Qrels qrels = {
      {"A", kTopicA},
      {"B", {{"d8", 1}}},  // judged, but the run has nothing for it
      {"D", {{"d1", 0}}},  // no relevant document: not averaged
  };
  const Run run = {{"A", kRunA}, {"C", {{"d1", 1.0}}}};  // C: unjudged
  const Summary all = ScoreRun(run, qrels);
  CHECK(all.topics == 2);
  CHECK(all.mean.ap == doctest::Approx(0.6875 / 2));
  CHECK(all.mean.p10 == doctest::Approx(0.15));
  CHECK(all.mean.ndcg10 == doctest::Approx(0.6997637 / 2).epsilon(1e-6));

  const Summary only_a = ScoreRun(run, qrels, {"A"});
  CHECK(only_a.topics == 1);
  CHECK(only_a.mean.ap == doctest::Approx(0.6875));
  CHECK(only_a.mean.recall100 == doctest::Approx(0.75));
}

}  // namespace
}  // namespace gazette::eval
