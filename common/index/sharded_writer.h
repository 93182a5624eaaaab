// Writes a fresh index on several threads: the build's jobs cut into shards
// of whole files, each shard a temporary database written by one thread,
// merged in job order at the end into the index one writer would have made
// (the same documents, terms and docids, and compact).
#ifndef GAZETTE_COMMON_INDEX_SHARDED_WRITER_H_
#define GAZETTE_COMMON_INDEX_SHARDED_WRITER_H_

#include <xapian.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "common/index/article_analyzer.h"
#include "common/index/corpus_aliases.h"
#include "common/index/index_database.h"
#include "common/index/spelling.h"
#include "gazette/index_builder.h"

namespace gazette {

// Where a run of jobs is written: the index, or one shard of a fresh one.
struct IndexSink {
  Xapian::WritableDatabase* db;
  CorpusAliases* aliases;  // keeps db's table
  // Counts of articles; warnings are counted by the build.
  IndexSummary* summary;
  // Line of the current JSON Lines file that used each id first.
  std::unordered_map<uint64_t, size_t> line_of_id;
  // Documents written between commits.
  size_t commit_every = 0;
  // Set for a shard: articles are written resolved by a guess at the
  // table.
  RunningAliasTable* guess = nullptr;
  // Set when the index has several shards (db is all of them): a new or
  // changed article is written to the one ShardOf its id names.
  WritableIndex* sharded = nullptr;
  // Spelling data of the documents written since the last commit, applied
  // before the next one.
  SpellingChanges spelling;
};

// Where the shards of a fresh build of `jobs` begin, and the end: runs of
// whole files (so that a JSON Lines file's ids are checked in one place) of
// about as many bytes, as many as the threads that write them, or a
// multiple of that: shards of at most about shard_bytes each. A single
// shard (just {0, end}) when the corpus is small or there is one thread.
std::vector<size_t> ShardBounds(const std::vector<IndexJob>& jobs,
                                unsigned threads, uint64_t shard_bytes);

class ShardedWriter {
 public:
  // Writes jobs [begin, end) to sink, in order; returns true if stopped
  // before the end. Called on the writer's threads, several at once.
  using WriteJobs =
      std::function<bool(size_t begin, size_t end, IndexSink& sink)>;

  // Writes the fresh `index`, on `threads` threads; options.commit_every
  // bounds the shards' batches and an interrupted options.rebuild is not
  // merged. `abort` is set when a thread fails: the others take no more
  // shards, and WriteJobs should stop too.
  ShardedWriter(WritableIndex& index, const IndexOptions& options,
                unsigned threads, std::atomic<bool>& abort)
      : index_(index), options_(options), threads_(threads), abort_(abort) {}

  // Writes jobs [bounds[s], bounds[s + 1]) to shard s through `write`, each
  // thread writing the next shard nobody has taken, makes each shard's
  // spelling data (SyncSpelling, in batches), and adds the shards' counts
  // to *into.summary. Then, unless interrupted, brings each shard's
  // articles to the corpus alias table of all shards; unless it is an
  // interrupted rebuild (abandoned, shards and all), merges the shards into
  // the index (WritableIndex::MergeShards): *into.db is then the merged
  // database and *into.aliases holds the shards' pending short names.
  // Returns true if interrupted. Rethrows the first failure of a thread
  // once all are done.
  bool Write(const std::vector<size_t>& bounds, const WriteJobs& write,
             IndexSink& into);

 private:
  struct Shard;

  template <typename Fn>
  void OnEachShard(const std::vector<std::unique_ptr<Shard>>& shards, Fn fn);

  WritableIndex& index_;
  const IndexOptions& options_;
  const unsigned threads_;
  std::atomic<bool>& abort_;
};

}  // namespace gazette

#endif  // GAZETTE_COMMON_INDEX_SHARDED_WRITER_H_
