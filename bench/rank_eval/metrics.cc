#include "bench/rank_eval/metrics.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace gazette::eval {
namespace {

int Grade(const Judgments& judgments, const std::string& doc) {
  const auto it = judgments.find(doc);
  return it == judgments.end() ? 0 : it->second;
}

// trec_eval's ndcg_cut: gain is the grade, the document at rank r (from 1)
// is discounted by log2(r + 1), and the ideal ordering puts the judged
// grades highest first.
double DiscountedGain(const std::vector<int>& gains, size_t cut) {
  double sum = 0;
  for (size_t i = 0; i < gains.size() && i < cut; ++i) {
    if (gains[i] > 0) sum += gains[i] / std::log2(static_cast<double>(i) + 2);
  }
  return sum;
}

}  // namespace

Ranking TrecOrder(Ranking ranking) {
  std::stable_sort(ranking.begin(), ranking.end(),
                   [](const ScoredDoc& a, const ScoredDoc& b) {
                     if (a.score != b.score) return a.score > b.score;
                     return a.doc > b.doc;
                   });
  std::set<std::string> seen;
  std::erase_if(ranking,
                [&](const ScoredDoc& d) { return !seen.insert(d.doc).second; });
  return ranking;
}

Scores ScoreTopic(const Ranking& ranking, const Judgments& judgments) {
  Scores s;
  size_t relevant_total = 0;
  std::vector<int> ideal;
  for (const auto& [doc, grade] : judgments) {
    if (grade > 0) {
      ++relevant_total;
      ideal.push_back(grade);
    }
  }
  if (relevant_total == 0) return s;
  std::sort(ideal.begin(), ideal.end(), std::greater<>());

  const Ranking ordered = TrecOrder(ranking);
  std::vector<int> gains;
  gains.reserve(ordered.size());
  size_t relevant_seen = 0;
  double precision_sum = 0;
  for (size_t i = 0; i < ordered.size(); ++i) {
    const int grade = Grade(judgments, ordered[i].doc);
    gains.push_back(grade);
    if (grade <= 0) continue;
    ++relevant_seen;
    precision_sum += static_cast<double>(relevant_seen) / (i + 1);
    if (i < 10) s.p10 += 1;
    if (i < 30) s.p30 += 1;
    if (i < 100) s.recall100 += 1;
  }
  s.ap = precision_sum / relevant_total;
  s.p10 /= 10;
  s.p30 /= 30;
  s.recall100 /= relevant_total;
  s.ndcg10 = DiscountedGain(gains, 10) / DiscountedGain(ideal, 10);
  return s;
}

Summary ScoreRun(const Run& run, const Qrels& qrels,
                 const std::set<std::string>& include) {
  Summary summary;
  for (const auto& [topic, judgments] : qrels) {
    if (!include.empty() && !include.contains(topic)) continue;
    if (std::none_of(judgments.begin(), judgments.end(),
                     [](const auto& j) { return j.second > 0; })) {
      continue;
    }
    const auto it = run.find(topic);
    const Scores s =
        it == run.end() ? Scores{} : ScoreTopic(it->second, judgments);
    ++summary.topics;
    summary.mean.ap += s.ap;
    summary.mean.p10 += s.p10;
    summary.mean.p30 += s.p30;
    summary.mean.ndcg10 += s.ndcg10;
    summary.mean.recall100 += s.recall100;
  }
  if (summary.topics > 0) {
    const double n = static_cast<double>(summary.topics);
    summary.mean.ap /= n;
    summary.mean.p10 /= n;
    summary.mean.p30 /= n;
    summary.mean.ndcg10 /= n;
    summary.mean.recall100 /= n;
  }
  return summary;
}

}  // namespace gazette::eval
