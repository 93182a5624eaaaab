// The search engine as a library: open an index, answer requests.
#ifndef GAZETTE_COMMON_SEARCHER_H_
#define GAZETTE_COMMON_SEARCHER_H_

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/cached_stemmer.h"
#include "common/entity.h"
#include "common/query_builder.h"
#include "common/ranking.h"
#include "common/search_request.h"
#include "common/search_result.h"

namespace gazette {

class Searcher {
 public:
  // Opens the index at db_path (a database directory or a stub file listing
  // shards). `ranking` defaults to Gazette's tuned ranking. Throws Error:
  // kIndexMissing, kIndexCorrupt.
  explicit Searcher(const std::string& db_path,
                    const RankingParams& ranking = {});

  // Ranks with BM25 (RankingParams) and returns the requested page with
  // snippets and, if asked, facets. Answers from the index's latest commit,
  // whenever it was made: the database is reopened first, and if the indexer
  // commits during the search, the search is retried on the new revision.
  // Throws Error(kQuery) for a bad request and Error(kIndexCorrupt) if the
  // index cannot be read.
  SearchResult Search(const SearchRequest& request);

  // Entity names of `type` in the index that start with `prefix`, compared
  // folded as filters compare them ("Sau" finds "saudi arabia"), aliases
  // included: each its folded key (what --place and place: accept) and the
  // number of articles that mention it, most articles first, at most
  // `limit`. For completing names. Throws as Search does.
  std::vector<FacetValue> EntityNames(EntityType type, std::string_view prefix,
                                      size_t limit);

  // Another searcher over the same index with the same settings, for
  // another thread: a Searcher must not be used by two threads at once.
  // Throws as the constructor does.
  Searcher Clone() const;

  // Counting every match (facets, exact totals) stops after this long; the
  // totals and facets then say they are estimates. Default 5 s.
  void set_count_time_limit(double seconds) { count_seconds_ = seconds; }

 private:
  SearchResult SearchOnce(const SearchRequest& request);
  // Runs read() on the index's latest commit, retrying if the indexer
  // commits meanwhile; maps Xapian's errors to Error.
  template <typename Read>
  auto OnLatestCommit(Read read) -> decltype(read());

  std::string path_;
  RankingParams ranking_;
  Xapian::Database db_;
  QueryBuilder builder_;
  StemCache stems_;  // for snippets
  double count_seconds_ = 5.0;
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_SEARCHER_H_
