#include "common/index/sharded_writer.h"

#include <algorithm>
#include <exception>
#include <set>
#include <string>
#include <thread>

#include "common/base/free_memory.h"

namespace gazette {
namespace {

// A fresh build is split into shards only when each gets at least this
// many jobs: below that, making and merging them costs more than it
// saves.
constexpr size_t kMinJobsPerShard = 8;
// Documents between commits of a shard. Its commits are no points to
// fall back to (a stopped build commits what it wrote; a killed one
// leaves no shards worth keeping), only the end of Xapian's batch:
// smaller batches keep its maps in the caches. On Reuters, 250 takes 15%
// less CPU and 30% less memory than 1000; 64 is slower again.
constexpr size_t kShardCommitEvery = 250;
// Bounds the shards, and so the databases open at once, whatever
// IndexOptions::shard_bytes says.
constexpr uint64_t kMaxShardsPerThread = 32;

}  // namespace

// One shard of a fresh build: a temporary database written by its own
// thread.
struct ShardedWriter::Shard {
  Shard(Xapian::WritableDatabase database, size_t commit_every,
        RunningAliasTable& guess)
      : db(std::move(database)), aliases(db), sink{&db,          &aliases,
                                                   &summary,     {},
                                                   commit_every, &guess,
                                                   {},           {}} {}
  Xapian::WritableDatabase db;
  CorpusAliases aliases;
  IndexSummary summary;
  IndexSink sink;
};

std::vector<size_t> ShardBounds(const std::vector<IndexJob>& jobs,
                                unsigned threads, uint64_t shard_bytes) {
  std::vector<size_t> bounds = {0};
  if (threads > 1 && jobs.size() >= kMinJobsPerShard * threads) {
    // before[i]: bytes of the jobs before job i.
    std::vector<uint64_t> before = {0};
    for (const IndexJob& job : jobs) {
      before.push_back(before.back() +
                       std::max<uint64_t>(1, job.chunk.length != 0
                                                 ? job.chunk.length
                                                 : job.file.size));
    }
    const uint64_t per_thread = before.back() / threads + 1;
    const uint64_t rounds = std::min<uint64_t>(
        kMaxShardsPerThread,
        (per_thread + shard_bytes - 1) / std::max<uint64_t>(shard_bytes, 1));
    const uint64_t count = threads * std::max<uint64_t>(rounds, 1);
    const auto file_start = [&](size_t i) {
      return i == jobs.size() || jobs[i].chunk.first_line == 1;
    };
    for (uint64_t s = 1; s < count; ++s) {
      const uint64_t target = before.back() * s / count;
      size_t after = std::lower_bound(before.begin(), before.end(), target) -
                     before.begin();
      size_t at = after;
      while (!file_start(after)) ++after;
      while (at > bounds.back() && !file_start(at)) --at;
      // The file boundary nearest the target (before[at] < target <=
      // before[after] when at < after).
      if (at <= bounds.back() ||
          (at < after && target - before[at] > before[after] - target))
        at = after;
      if (at > bounds.back() && at < jobs.size()) bounds.push_back(at);
    }
  }
  bounds.push_back(jobs.size());
  return bounds;
}

// Runs fn(s, shard) for every shard, on threads_ threads that take the
// shards in order; rethrows the first failure once all are done. A
// failure stops the others early.
template <typename Fn>
void ShardedWriter::OnEachShard(
    const std::vector<std::unique_ptr<Shard>>& shards, Fn fn) {
  std::vector<std::exception_ptr> errors(shards.size());
  std::atomic<size_t> next{0};
  {
    std::vector<std::thread> workers;
    for (size_t t = 0; t < std::min<size_t>(threads_, shards.size()); ++t) {
      workers.emplace_back([&] {
        for (size_t s; !abort_ && (s = next++) < shards.size();) {
          try {
            fn(s, *shards[s]);
          } catch (...) {
            errors[s] = std::current_exception();
            abort_ = true;
          }
        }
      });
    }
    for (auto& w : workers) w.join();
  }
  for (const auto& error : errors)
    if (error) std::rethrow_exception(error);
}

// Shards written in parallel, one writer thread each: the writer is what
// limits a single-database build. The shards are temporary; the index
// appears, merged, only at the end.
bool ShardedWriter::Write(const std::vector<size_t>& bounds,
                          const WriteJobs& write, IndexSink& into) {
  const size_t count = bounds.size() - 1;
  // Grows with the corpus's names (175,000 entries at a million synthetic
  // articles): freed once the shards are written.
  auto guess = std::make_unique<RunningAliasTable>();
  std::vector<std::unique_ptr<Shard>> shards;
  for (size_t s = 0; s < count; ++s)
    shards.push_back(std::make_unique<Shard>(
        index_.AddShard(), std::min(options_.commit_every, kShardCommitEvery),
        *guess));
  std::atomic<bool> interrupted{false};
  OnEachShard(shards, [&](size_t s, Shard& shard) {
    const bool stopped = write(bounds[s], bounds[s + 1], shard.sink);
    if (stopped) interrupted = true;
    shard.aliases.Save();
    shard.db.commit();
    // The shard's spelling data, from its own vocabulary, in batches that
    // bound the memory; the merge adds the shards' counts up and writes
    // the table compactly. Resolving the corpus aliases below changes no
    // spelling word (entity terms are prefixed): the build's last
    // SyncSpelling, on the merged index, finds nothing left to change.
    if (!(stopped && options_.rebuild))
      SyncSpelling(shard.db, kSpellingBatchWords);
    ReturnFreedMemory();  // Xapian's batches of this shard
  });
  guess.reset();
  ReturnFreedMemory();  // the writers' batches and the guess
  for (const auto& shard : shards) {
    shard->sink.guess = nullptr;
    into.summary->added += shard->summary.added;
    into.summary->updated += shard->summary.updated;
    into.summary->unchanged += shard->summary.unchanged;
    into.summary->skipped += shard->summary.skipped;
  }
  // An interrupted rebuild is abandoned, shards and all.
  if (interrupted && options_.rebuild) return true;
  if (!interrupted) {
    // The corpus table is that of all shards together; with it, each
    // shard brings its own articles to what it says, in parallel, before
    // the merge (which leaves nothing to resolve). Most are right
    // already: written as the guess resolved them.
    Xapian::Database all;
    std::set<std::string> names;
    for (const auto& shard : shards) {
      all.add_database(shard->db);
      names.merge(shard->aliases.Pending());
    }
    const AliasTable table = LookUpAliases(all, names);
    all = Xapian::Database();
    OnEachShard(shards, [&](size_t, Shard& shard) {
      (void)shard.aliases.Resolve(table);
      shard.db.commit();
    });
  }
  for (const auto& shard : shards) shard->db.close();
  ReturnFreedMemory();  // the corpus table and the shards' caches
  // The metadata keys several shards hold (the schema version, short
  // names pending resolution) have the same value in each, as the
  // default Compactor assumes. The corpus alias table is terms: the
  // merge adds it up.
  Xapian::Compactor merger;
  index_.MergeShards(merger, [&](Xapian::WritableDatabase& merged) {
    *into.db = merged;  // into.aliases works on *into.db: the merged index now
    for (const auto& shard : shards) into.aliases->Absorb(shard->aliases);
  });
  return interrupted;
}

}  // namespace gazette
