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
class WritableIndex {
 public:
  // Opens or creates the index at path, checking or recording the schema
  // version (a rebuild does not check the old index: it replaces it).
  // Throws Error: kIndexLocked (another indexer holds it), kIndexCorrupt,
  // kIndexWrite (read-only, not an index, cannot create).
  WritableIndex(const std::string& path, bool rebuild);
  ~WritableIndex();
  WritableIndex(const WritableIndex&) = delete;
  WritableIndex& operator=(const WritableIndex&) = delete;

  // The database to write to (the new one, for a rebuild).
  Xapian::WritableDatabase& db() { return db_; }

  // Whether the index written to started empty: a rebuild, or a build of
  // an index with no articles yet. Only then may it be written as shards.
  bool fresh() const { return fresh_; }

  // A fresh index only: a new, empty database for one shard of the build,
  // in a directory beside the index (PATH.rebuild-XXXXXX) that holds them
  // all. Shards are temporary (written without syncing to
  // disk, and in place: Xapian::DB_DANGEROUS): a killed build leaves them
  // to be deleted by the next one.
  // Throws Error(kIndexWrite).
  Xapian::WritableDatabase AddShard();

  // A fresh index only: merges the shards, each committed, in the order
  // AddShard() made them (documents keep that order) into one compact
  // index beside the index, with `compactor` resolving metadata keys that
  // several shards hold; deletes the shards; makes db() that index and
  // calls `finish` on it. The caller then calls Finish(), which puts it in
  // place of the index. Throws Xapian::Error and Error(kIndexWrite).
  void MergeShards(
      Xapian::Compactor& compactor,
      const std::function<void(Xapian::WritableDatabase&)>& finish);

  // Commits; a rebuild (or merged shards) then replaces the old index,
  // once every file of the new one is on disk. Throws Xapian::Error when
  // the commit fails and Error(kIndexWrite) when the swap does.
  void Finish();

  // A rebuild only: deletes the new index and any shards; db() is the old
  // one again.
  void Abandon();

 private:
  void RemoveShards();

  std::string path_;
  Xapian::WritableDatabase db_;
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
