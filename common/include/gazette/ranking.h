// How Gazette ranks: the BM25 parameters, the boosts a plain-text query
// gets, and pseudo-relevance feedback. The defaults are the values the
// retrieval-quality evaluation (bench/rank-eval, README "Ranking quality")
// supports; the other values exist for that evaluation to explore. A plain
// struct: copy it freely between threads.
#ifndef GAZETTE_RANKING_H_
#define GAZETTE_RANKING_H_

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
  // How feedback picks its terms: "rm3" (a relevance model over the
  // top hits, the default), or Xapian's expand set scored by "trad" or
  // "bo1".
  std::string expand_scheme = "rm3";
  // Expansion terms only re-rank what the query matched (true), or may
  // also bring in articles that match none of the query's words (false).
  bool expand_rerank = true;

  // Related articles (SearchRequest::like): the query is the seed article's
  // best `like_terms` stems scored by `like_scheme`, each weighted by its
  // score when `like_weighted` (else all alike). "bo1a" (the default) is
  // Bo1 over article counts, which one match gathers from every shard,
  // local or remote; "trad" and "bo1" are Xapian's expand set, which asks
  // a remote shard for each candidate stem's statistics in turn.
  unsigned like_terms = 25;
  std::string like_scheme = "bo1a";
  bool like_weighted = true;
};

// Sets a field from "name=value" (names as in the struct). Returns an error
// message naming the bad part, or an empty string.
std::string SetRankingParam(RankingParams& params, std::string_view setting);

}  // namespace gazette

#endif  // GAZETTE_RANKING_H_
