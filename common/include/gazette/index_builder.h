// Builds or updates an index from corpus directories: the indexer's engine.
// BuildIndex may be called from any thread and starts its own; one build
// writes to an index at a time (a second one, in this process or another,
// gets Error(kIndexLocked)), while any number of Searchers read it.
#ifndef GAZETTE_INDEX_BUILDER_H_
#define GAZETTE_INDEX_BUILDER_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gazette {

// Bounds on IndexOptions that keep a build's threads and memory sane:
// BuildIndex refuses values outside them (Error(kUsage)). Each commit's
// batch is held in memory: on Reuters (about 800 bytes an article) one
// writer thread peaked at 71 MB with commits every 1,000 articles and at
// 232 MB every 10,000.
inline constexpr unsigned kMaxIndexJobs = 256;
inline constexpr size_t kMaxCommitEvery = 10000;
inline constexpr uint32_t kMaxChangesets = 100000;

struct IndexOptions {
  std::vector<std::string> corpus_dirs;
  std::string db_path;
  // Build a new index from scratch instead of updating it; it replaces the
  // old one, which stays searchable meanwhile, only when complete (see
  // WritableIndex).
  bool rebuild = false;
  // A corrections file (docs/corrections.md): merges, renames, type changes
  // and names to hide, applied to every article's entities. Unset: the file
  // the index's last build used, if any, read again; "": none. A build
  // whose corrections do something else than those the index was built with
  // (the file was edited, another one given, or none) analyses every
  // article again: it becomes a rebuild, of the corpus directories given
  // and those the index holds articles of, and warns so. The file is read
  // before anything else: a bad line is Error(kUsage) naming file:line.
  std::optional<std::string> corrections;
  // Threads reading and analysing articles; 0 means one per core; at most
  // kMaxIndexJobs. A new index (a rebuild, or one with no articles yet) of
  // enough files is also written by as many threads into shards (see
  // shard_bytes), in one directory beside the index; the shards are merged,
  // compacted, in the files' order when all are written, and the result
  // takes the index's place as a rebuild does (see WritableIndex). The
  // index is the same as one thread writes.
  unsigned jobs = 0;
  // Documents written between commits, 1 to kMaxCommitEvery. Each commit is a
  // point an interrupted build falls back to. Xapian buffers a batch in
  // std::maps keyed by term and docid; past a few thousand documents they
  // outgrow the caches: on Reuters, 1000 takes 30% less CPU and half the memory
  // of 5000. The shards of a new index, whose commits are no such points,
  // commit more often still: every 250 documents at most.
  size_t commit_every = 1000;
  // A new index written by several threads is written as shards of about
  // this many bytes of corpus each (as many as the threads, or a multiple
  // of that), merged at the end: each commit of a Xapian database costs
  // more the larger it is, for a shard of synthetic articles twice as much
  // per document at 500k documents as at 20k.
  uint64_t shard_bytes = uint64_t{32} << 20;
  // JSON Lines files are read in runs of lines of about this many bytes,
  // each run one job for a thread: enough to keep a thread busy, small
  // enough to bound what is in flight. At least 1.
  size_t chunk_bytes = size_t{128} << 10;
  // How many shards the index has: a directory of databases shard-0 ...
  // shard-N-1 and the stub XAPIANDB that lists them, opened by Xapian (and
  // by searcher --db, quest, xapian-tcpsrv) as one database; each article
  // goes to the shard a hash of its id names. 0 keeps the index's count (1,
  // one database, for a new index). An index that exists keeps its count:
  // a different one is refused (Error(kUsage)) unless `rebuild`, which
  // re-shards it.
  size_t shards = 0;
  // How many commits' changes each database keeps (Xapian's changesets), so
  // that a replica made by xapian-replicate catches up by them rather than
  // by a full copy; at most kMaxChangesets. Unset: $XAPIAN_MAX_CHANGESETS
  // if set, else the number the index's last build kept, else 0. The
  // number used is kept in the index for the next build. Xapian 1.4 reads
  // it from the environment when it opens a database for writing, so a
  // build sets XAPIAN_MAX_CHANGESETS in this process, before its threads
  // start.
  std::optional<uint32_t> changesets;
  // Polled while indexing; once true the build commits what it has written
  // and returns with `interrupted` set.
  const std::atomic<bool>* stop = nullptr;
};

struct IndexProgress {
  size_t done = 0;   // files processed
  size_t total = 0;  // files that needed processing
  double seconds = 0;
};

// Receives what the build has to say; the library itself never prints.
// Calls come from the build's threads, never two at once.
class IndexReporter {
 public:
  virtual ~IndexReporter() = default;
  // A file was skipped or repaired; `message` says which and why.
  virtual void Warning(std::string_view path, std::string_view message) = 0;
  // Called a few times a second while files are processed.
  virtual void Progress(const IndexProgress& /*progress*/) {}
};

struct IndexSummary {
  size_t added = 0;       // new articles
  size_t updated = 0;     // articles whose file changed
  size_t unchanged = 0;   // files found as they were
  size_t removed = 0;     // articles whose file is gone
  size_t skipped = 0;     // files that could not be indexed
  size_t ignored = 0;     // files that are not articles (not *.txt)
  size_t empty_dirs = 0;  // corpus directories holding no article
  size_t warnings = 0;    // repairs and problems reported
  size_t articles = 0;    // articles in the index afterwards
  // Roots whose articles this build indexed first, under a label: (root,
  // label). Their ids are "label/path relative to the root" (README.md,
  // "Article ids").
  std::vector<std::pair<std::string, std::string>> new_labels;
  double seconds = 0;
  bool interrupted = false;
  // An interrupted --rebuild: the new index was deleted and the index is as
  // it was before the build.
  bool rebuild_abandoned = false;
};

// Brings the index at options.db_path up to date with the corpus
// directories: new files added, changed ones replaced (by their id),
// vanished ones removed; files are compared by size and mtime, then by a
// hash of their content. A file that cannot be read is skipped with a
// warning and whatever the index already had for it is kept.
// Throws Error: kUsage (a corpus directory is missing, jobs, commit_every,
// chunk_bytes or shard_bytes out of bounds, the corrections file unreadable
// or wrong), kIndexLocked, kIndexCorrupt, kIndexWrite.
[[nodiscard]] IndexSummary BuildIndex(const IndexOptions& options,
                                      IndexReporter& reporter);

}  // namespace gazette

#endif  // GAZETTE_INDEX_BUILDER_H_
