// How Gazette ranks: the BM25 parameters, the boosts a plain-text query
// gets, and pseudo-relevance feedback. The defaults are the values the
// retrieval-quality evaluation (bench/eval.sh, README "Ranking quality")
// supports; other values exist for that evaluation to explore.
#ifndef GAZETTE_COMMON_RANKING_H_
#define GAZETTE_COMMON_RANKING_H_

#include <xapian.h>

#include <string>
#include <string_view>

namespace gazette {

struct RankingParams {
  // BM25 (Xapian::BM25Weight): term-frequency saturation, length
  // normalisation, and query-term-frequency saturation.
  double k1 = 1.6;
  double b = 0.5;
  double k3 = 20;

  // Plain-text queries (SearchRequest::plain_text).
  // Drop common English function words (StopWords()).
  bool stop_words = true;
  // Drop one-character words (initials, list numbers) too.
  bool drop_single_chars = true;
  // Weight of a word's match in the form written (unstemmed), added to the
  // match of its stem: "distributed" is closer to "distributed" than to
  // "distribution".
  double exact_weight = 0.5;
  // Weight of a word's match in the title, added to its match anywhere.
  double title_weight = 0.5;
  // Weight of two consecutive query words found within `proximity_window`
  // words of each other, in either order; 0 turns it off.
  double proximity_weight = 0;
  unsigned proximity_window = 8;

  // Pseudo-relevance feedback (SearchRequest::expand): the best
  // `expand_terms` terms of the top `expand_docs` hits are added to the
  // query, their weights scaled by `expand_weight`.
  unsigned expand_docs = 5;
  unsigned expand_terms = 40;
  double expand_weight = 0.3;
  // Xapian's expansion scheme: "trad" or "bo1".
  std::string expand_scheme = "rm3";
  // Expansion terms only re-rank what the query matched (true), or may
  // also bring in articles that match none of the query's words (false).
  bool expand_rerank = true;
};

// The weighting scheme for an Enquire.
Xapian::BM25Weight MakeWeight(const RankingParams& params);

// Pseudo-relevance feedback: runs `query` on `enquire` (whose weighting
// scheme is set), takes the top hits as relevant and returns the query with
// their best terms added. Returns `query` unchanged when nothing matches.
Xapian::Query ExpandQuery(Xapian::Enquire& enquire, const Xapian::Query& query,
                          const RankingParams& params);

// Sets a field from "name=value" (names as in the struct). Returns an error
// message naming the bad part, or an empty string.
std::string SetRankingParam(RankingParams& params, std::string_view setting);

}  // namespace gazette

#endif  // GAZETTE_COMMON_RANKING_H_
