// Opening the index: for reading with the schema check and messages that
// say what to do, and for writing (WritableIndex).
#ifndef GAZETTE_COMMON_INDEX_INDEX_DATABASE_H_
#define GAZETTE_COMMON_INDEX_INDEX_DATABASE_H_

#include <xapian.h>

#include <functional>
#include <string>
#include <vector>

namespace gazette {

// Opens the index for searching. Throws Error: kIndexMissing (with "run
// `indexer build` first"), kIndexCorrupt (not a Gazette index, another
// schema version, or damaged).
Xapian::Database OpenIndexForReading(const std::string& path);

// Throws Error(kIndexCorrupt) unless db, opened at path, is empty or an
// index of this schema version. When an indexer's commits have discarded
// the revision db had open, reopens it and looks again.
void CheckIndexSchema(Xapian::Database& db, const std::string& path);

// The index a build writes to, holding its write lock. A plain build
// writes to the index in place. A rebuild writes a new, empty index beside
// it (PATH.rebuild-XXXXXX) while the old one stays locked and searchable,
// and Finish() puts the new one in its place with one atomic rename; a
// rebuild abandoned without Finish() (interrupted, failed) is deleted and
// leaves the old index as it was. Rebuilds left behind by a killed indexer
// are deleted by the next build.
//
// An index of several shards is a directory holding shard-0 ... shard-N-1,
// each a database, and the stub XAPIANDB that lists them
// (common/index/shard_stub.h), so that it opens as one database. Its lock
// is every shard's, taken in order. db() is then the shards as one
// WritableDatabase: reading, deleting and replacing by docid reach the
// right shard, commit() commits shard 0 (which holds the metadata: the
// schema version, short names pending) first and the others in order, and
// a document is added by replacing it in shard(ShardOf(id)). Every shard
// records the schema version, so that each can be served and checked
// alone.
class WritableIndex {
 public:
  // Opens or creates the index at path, checking or recording the schema
  // version (a rebuild does not check the old index: it replaces it).
  // `shards`: how many shards a new index or a rebuild has; 0 keeps the
  // index's count (1 for a new one). An index that exists keeps its count
  // unless rebuilt. Throws Error: kIndexLocked (another indexer holds it),
  // kIndexCorrupt, kIndexWrite (read-only, not an index, cannot create),
  // kUsage (`shards` differs from the count of an index that exists, and
  // this is not a rebuild).
  WritableIndex(const std::string& path, bool rebuild, size_t shards = 0);
  ~WritableIndex();
  WritableIndex(const WritableIndex&) = delete;
  WritableIndex& operator=(const WritableIndex&) = delete;

  // The database to write to (the new one, for a rebuild); all of its
  // shards, as one, in a sharded index.
  Xapian::WritableDatabase& db() { return db_; }

  // The number of shards of the index written to (1: one database), and
  // each of them; shard(0) is db() when there is one.
  size_t shard_count() const { return shards_.size(); }
  Xapian::WritableDatabase& shard(size_t i) { return shards_[i]; }

  // Whether the index written to started empty: a rebuild, or a build of
  // an index with no articles yet.
  bool fresh() const { return fresh_; }

  // The shards below are a fresh build's temporary ones, merged into one
  // database; not for an index of several shards, which are written in
  // place.
  // A fresh index of one shard only: a new, empty database for one shard of the
  // build, in a directory beside the index (PATH.rebuild-XXXXXX) that holds
  // them all. Shards are temporary (written without syncing to disk, and in
  // place: Xapian::DB_DANGEROUS): a killed build leaves them to be deleted by
  // the next one. Throws Error(kIndexWrite).
  Xapian::WritableDatabase AddShard();

  // A fresh index of one shard only: merges the shards, each committed, in the
  // order AddShard() made them (documents keep that order) into one compact
  // index beside the index, with `compactor` resolving metadata keys that
  // several shards hold; deletes the shards; makes db() that index and
  // calls `finish` on it. The caller then calls Finish(), which puts it in
  // place of the index. Throws Xapian::Error and Error(kIndexWrite).
  void MergeShards(
      Xapian::Compactor& compactor,
      const std::function<void(Xapian::WritableDatabase&)>& finish);

  // Commits; a rebuild (or merged shards) then replaces the old index,
  // once every file of the new one (every shard's) is on disk. Throws
  // Xapian::Error when the commit fails and Error(kIndexWrite) when the swap
  // does.
  void Finish();

  // A rebuild only: deletes the new index and any shards; db() is the old
  // one again.
  void Abandon();

  // An index of several shards that this build wrote from nothing, in
  // place: compacts each shard (written by commits, a shard takes about
  // twice the space of the same articles compacted) into a directory beside
  // the index and puts it in the shard's place with one atomic exchange; a
  // crash in between leaves some shards compacted, every one whole. The
  // shards are open and locked again afterwards. A shard that cannot be
  // compacted (a full disk, a filesystem without the exchange) stays as it
  // is: nothing is lost.
  void CompactShards();

 private:
  void RemoveShards();
  // Opens (creating what is missing) the `count` shards of the sharded
  // index in dir, whose stub is written, as shards_ and db_.
  void OpenShards(const std::string& dir, size_t count, int flags);
  // CompactShards() on the shards of dir, opened again with `flags`.
  void CompactShardsIn(const std::string& dir, int flags);
  // Records the schema version in every shard that has none.
  void RecordSchemaVersion();

  std::string path_;
  Xapian::WritableDatabase db_;
  // db_ itself for an index of one database; else each shard.
  std::vector<Xapian::WritableDatabase> shards_;
  // A rebuild: the old index (held for its lock) and the new one's path.
  Xapian::WritableDatabase old_;
  std::string rebuild_path_;
  bool fresh_ = false;
  // The directory beside the index that holds the shards, and theirs.
  std::string shards_dir_;
  std::vector<std::string> shard_paths_;
};

// Total bytes of the files that make up the index at path.
uint64_t IndexSizeBytes(const std::string& path);

}  // namespace gazette

#endif  // GAZETTE_COMMON_INDEX_INDEX_DATABASE_H_
