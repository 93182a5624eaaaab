// Exact counts of a query's matches, for the counts Gazette shows beside a
// value (facets over shards, timeline days, near-duplicate groups): every
// match looked at, none weighted.
#ifndef GAZETTE_COMMON_SEARCH_MATCH_COUNT_H_
#define GAZETTE_COMMON_SEARCH_MATCH_COUNT_H_

#include <xapian.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <unordered_map>
#include <vector>

namespace gazette {

// How many articles `query` matches in db, exactly; each match is shown to
// every one of `spies` (Xapian's own, such as ValueCountMatchSpy, for what
// remote shards must run). No hits are asked for and nothing is sorted:
// over remote shards Xapian 1.4 shows a spy some matches twice when a
// search sorts by a value and asks for hits.
inline uint64_t CountMatches(
    const Xapian::Database& db, const Xapian::Query& query,
    std::initializer_list<Xapian::MatchSpy*> spies = {}) {
  Xapian::Enquire enquire(db);
  // Which articles match, not how well: no weights to compute.
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::DONT_CARE);
  enquire.set_query(query);
  for (Xapian::MatchSpy* spy : spies) enquire.add_matchspy(spy);
  return enquire.get_mset(0, 0, db.get_doccount()).get_matches_lower_bound();
}

// How many of the articles `query` matches in db hold `term`, exactly.
inline uint64_t CountMatchesWith(const Xapian::Database& db,
                                 const Xapian::Query& query,
                                 const std::string& term) {
  return CountMatches(
      db, Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(term)));
}

using TermFreqs = std::unordered_map<std::string, Xapian::doccount>;

// The index-wide article count of every one of `terms`, from one query that
// names them all and asks for no hit: each shard sends its statistics for
// the query's terms with its answer, one request per shard for them all
// where Database::get_termfreq() makes one per term and shard.
inline TermFreqs TermFreqsInOneMatch(const Xapian::Database& db,
                                     const std::vector<std::string>& terms) {
  TermFreqs freqs;
  if (terms.empty()) return freqs;
  std::vector<Xapian::Query> parts(terms.begin(), terms.end());
  Xapian::Enquire enquire(db);
  enquire.set_query(
      Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()));
  const Xapian::MSet stats = enquire.get_mset(0, 0);
  for (const std::string& term : terms) freqs[term] = stats.get_termfreq(term);
  return freqs;
}

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCH_MATCH_COUNT_H_
