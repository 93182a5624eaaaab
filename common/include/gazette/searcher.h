// The search engine as a library: open an index, answer requests.
#ifndef GAZETTE_SEARCHER_H_
#define GAZETTE_SEARCHER_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gazette/entity.h"
#include "gazette/index_builder.h"
#include "gazette/ranking.h"
#include "gazette/search_request.h"
#include "gazette/search_result.h"

namespace gazette {

// How a Searcher reaches an index whose stub lists remote shards (served
// by xapian-tcpsrv or xapian-progsrv; README, "Serving shards"). A plain
// struct.
struct ShardOptions {
  // Seconds to wait for a connection to a remote shard, and for each of its
  // answers. A shard that takes longer is down as far as the search goes.
  double connect_timeout = 10;
  double timeout = 10;
  // Answer from the shards that answer, saying which did not
  // (SearchResult::missing_shards), rather than fail. Missing shards are
  // tried again every few seconds.
  bool allow_missing = false;
};

// A Searcher holds an open index. It is not thread-safe: one thread at a
// time may call it. For several threads give each its own (Clone()); any
// number of Searchers may read one index, also while an indexer writes it.
class Searcher {
 public:
  // Opens the index at db_path: a database directory, a sharded index's
  // directory, or a stub file listing shards, local or remote, which are
  // then searched as one, with the same answers as one database holding
  // their articles. `ranking` defaults to Gazette's tuned ranking. Throws
  // Error: kIndexMissing, kIndexCorrupt, kShardUnavailable (a remote shard
  // that does not answer, unless shards.allow_missing).
  explicit Searcher(const std::string& db_path,
                    const RankingParams& ranking = {},
                    const ShardOptions& shards = {});
  ~Searcher();
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  // Ranks with BM25 (RankingParams) and returns the requested page with
  // snippets and, if asked, facets. Answers from the index's latest commit,
  // whenever it was made: the database is reopened first, and if the indexer
  // commits during the search, the search is retried on the new revision.
  // A remote shard whose connection was closed (a server's idle timeout)
  // is reconnected and the search retried. Throws Error(kQuery) for a bad
  // request (a limit or offset above kMaxLimit or kMaxOffset included),
  // Error(kIndexCorrupt) if the index cannot be read and
  // Error(kShardUnavailable) if a shard does not answer (unless
  // ShardOptions::allow_missing).
  SearchResult Search(const SearchRequest& request);

  // Entity names of `type` in the index that start with `prefix`, compared
  // folded as filters compare them ("Sau" finds "saudi arabia"), aliases
  // included: each its folded key (what --place and place: accept) and the
  // number of articles that mention it, most articles first, at most
  // `limit`. For completing names. Throws as Search does.
  std::vector<FacetValue> EntityNames(EntityType type, std::string_view prefix,
                                      size_t limit);

  // While an indexer makes the index for the first time, how far it is
  // (files done of files to do; `seconds` is 0): until it finishes, the
  // index holds few or none of the articles. Nothing otherwise, a rebuild
  // included (the old index answers until the new one replaces it).
  // Throws as Search does.
  std::optional<IndexProgress> FirstBuildProgress();

  // Another searcher over the same index with the same settings, for
  // another thread. Throws as the constructor does.
  Searcher Clone() const;

  // Counting every match (facets, exact totals) stops after this long; the
  // totals and facets then say they are estimates. Default 5 s.
  void set_count_time_limit(double seconds);

 private:
  struct Impl;
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gazette

#endif  // GAZETTE_SEARCHER_H_
