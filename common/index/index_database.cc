#include "common/index/index_database.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>

#include "common/index/schema.h"
#include "common/index/shard_stub.h"
#include "common/index/xapian_error.h"
#include "gazette/error.h"

namespace gazette {
namespace {

namespace fs = std::filesystem;

// Returns an error message if db is not an index of our schema.
std::optional<std::string> SchemaProblem(const Xapian::Database& db,
                                         const std::string& path) {
  const std::string version = db.get_metadata(schema::kVersionKey);
  if (version.empty()) {
    if (db.get_doccount() == 0) return std::nullopt;
    return "'" + path + "' is a Xapian database but not a Gazette index";
  }
  if (version != std::to_string(schema::kVersion)) {
    return "index at '" + path + "' has schema version " + version +
           "; this build reads version " + std::to_string(schema::kVersion) +
           ": run `indexer build --rebuild CORPUS_DIR`";
  }
  return std::nullopt;
}

}  // namespace

Xapian::Database OpenIndexForReading(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    throw Error(ErrorKind::kIndexMissing,
                "no index at '" + path +
                    "': run `indexer build CORPUS_DIR` first"
                    " (or point --db or $GAZETTE_DB at an index)");
  }
  Xapian::Database db = RetryIndexRead(
      IndexAccess::kOpen, path, [&] { return Xapian::Database(path); }, [] {});
  CheckIndexSchema(db, path);
  return db;
}

void CheckIndexSchema(Xapian::Database& db, const std::string& path) {
  const std::optional<std::string> problem = RetryIndexRead(
      IndexAccess::kRead, path, [&] { return SchemaProblem(db, path); },
      [&] { db.reopen(); });
  if (problem) throw Error(ErrorKind::kIndexCorrupt, *problem);
}

namespace {

// Opens path for writing with Xapian's flags, turning its failures into
// Error with messages that say what to do.
Xapian::WritableDatabase OpenWritable(const std::string& path, int flags) {
  try {
    return Xapian::WritableDatabase(path, flags);
  } catch (const Xapian::Error& e) {
    throw IndexError(e, IndexAccess::kOpenForWriting, path);
  }
}

std::string WithoutTrailingSlashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// Deletes rebuilds that a killed indexer left beside the index. One whose
// lock is held belongs to a rebuild still finishing: left alone.
void RemoveAbandonedRebuilds(const std::string& path) {
  const fs::path index(path);
  const std::string prefix = index.filename().string() + ".rebuild-";
  std::error_code ec;
  const fs::path dir =
      index.has_parent_path() ? index.parent_path() : fs::path(".");
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().filename().string().rfind(prefix, 0) != 0) continue;
    try {
      Xapian::WritableDatabase(entry.path().string(), Xapian::DB_OPEN).close();
    } catch (const Xapian::DatabaseLockError& e) {
      if (e.get_msg().find("already locked") != std::string::npos) continue;
    } catch (const Xapian::Error&) {
      // Not even a database yet: killed as it started.
    }
    fs::remove_all(entry.path(), ec);
  }
}

// Makes a new directory PATH.rebuild-XXXXXX beside the index; returns its
// path.
std::string MakeDirBeside(const std::string& path, const char* what) {
  std::string templ = path + ".rebuild-XXXXXX";
  if (mkdtemp(templ.data()) == nullptr) {
    throw Error(ErrorKind::kIndexWrite, "cannot create '" + templ + "' for " +
                                            what + ": " + std::strerror(errno));
  }
  return templ;
}

// fsync()s path, a file or a directory.
void SyncPath(const std::string& path, int flags) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | flags);
  if (fd < 0 || fsync(fd) != 0) {
    const int e = errno;
    if (fd >= 0) close(fd);
    throw Error(ErrorKind::kIndexWrite,
                "cannot write '" + path + "' to disk: " + std::strerror(e));
  }
  close(fd);
}

// Puts every file of the index directory at path (and of its shards'
// directories), and the directories' entries, on disk.
void SyncIndexDir(const std::string& path) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    if (entry.is_regular_file(ec)) SyncPath(entry.path().string(), 0);
    if (entry.is_directory(ec)) SyncIndexDir(entry.path().string());
  }
  if (ec) {
    throw Error(ErrorKind::kIndexWrite,
                "cannot list '" + path + "': " + ec.message());
  }
  SyncPath(path, O_DIRECTORY);
}

std::string ParentDir(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

// Whether there is an index at path already: a database, or a sharded
// index's directory (its count is `shards`).
bool IndexExists(const std::string& path, std::optional<size_t> shards) {
  std::error_code ec;
  return shards || fs::exists(path + "/iamglass", ec);
}

}  // namespace

WritableIndex::WritableIndex(const std::string& path, bool rebuild,
                             size_t shards)
    : path_(WithoutTrailingSlashes(path)) {
  std::error_code ec;
  if (rebuild && fs::is_directory(path_, ec) &&
      !fs::exists(path_ + "/iamglass", ec) &&
      !fs::exists(path_ + "/" + kStubName, ec) && !fs::is_empty(path_, ec)) {
    // A rebuild replaces the directory: never one that holds anything else.
    throw Error(ErrorKind::kIndexWrite,
                "'" + path_ +
                    "' is not an index (it holds other files); --rebuild only "
                    "replaces an index");
  }
  const std::optional<size_t> existing = IndexShardCount(path_);
  const bool exists = IndexExists(path_, existing);
  const size_t have = existing.value_or(1);
  const size_t want = shards != 0 ? shards : exists ? have : 1;
  if (!rebuild && exists && want != have) {
    throw Error(ErrorKind::kUsage,
                "index at '" + path_ + "' has " + std::to_string(have) +
                    (have == 1 ? " shard" : " shards") + "; --shards " +
                    std::to_string(want) +
                    " would move most articles: re-shard it with `indexer "
                    "build --rebuild --shards " +
                    std::to_string(want) + " CORPUS_DIR`");
  }
  if (!rebuild) {
    if (want > 1) {
      // The stub first: a build killed before every shard exists leaves a
      // stub whose missing shards the next build creates, empty.
      if (!existing) {
        fs::create_directories(path_, ec);
        WriteShardStub(path_, want);
      }
      OpenShards(path_, want, Xapian::DB_CREATE_OR_OPEN);
    } else {
      db_ = OpenWritable(path_, Xapian::DB_CREATE_OR_OPEN);
      shards_ = {db_};
    }
    RemoveAbandonedRebuilds(path_);
    for (size_t i = 0; i < shards_.size(); ++i) {
      CheckIndexSchema(shards_[i], shards_.size() == 1
                                       ? path_
                                       : path_ + "/" + ShardDirName(i));
    }
    fresh_ = db_.get_doccount() == 0;
  } else {
    // Held for its lock (every shard's): Xapian opens a sharded index's
    // stub as one database.
    old_ = OpenWritable(path_,
                        existing ? Xapian::DB_OPEN : Xapian::DB_CREATE_OR_OPEN);
    RemoveAbandonedRebuilds(path_);
    rebuild_path_ = MakeDirBeside(path_, "the rebuild");
    // Not synced at each commit: until Finish() puts it on disk and in
    // place, a crash leaves the old index, whatever this one holds.
    if (want > 1) {
      WriteShardStub(rebuild_path_, want);
      OpenShards(rebuild_path_, want,
                 Xapian::DB_CREATE_OR_OPEN | Xapian::DB_NO_SYNC);
    } else {
      db_ = OpenWritable(rebuild_path_,
                         Xapian::DB_CREATE_OR_OPEN | Xapian::DB_NO_SYNC);
      shards_ = {db_};
    }
    fresh_ = true;
  }
  RecordSchemaVersion();
}

void WritableIndex::OpenShards(const std::string& dir, size_t count,
                               int flags) {
  // In order, so that two indexers wait for each other at shard 0 and
  // never hold a lock the other needs.
  shards_.clear();
  db_ = Xapian::WritableDatabase();
  for (size_t i = 0; i < count; ++i) {
    shards_.push_back(OpenWritable(dir + "/" + ShardDirName(i), flags));
    db_.add_database(shards_.back());
  }
}

void WritableIndex::RecordSchemaVersion() {
  for (Xapian::WritableDatabase& shard : shards_) {
    if (shard.get_metadata(schema::kVersionKey).empty())
      shard.set_metadata(schema::kVersionKey, std::to_string(schema::kVersion));
  }
}

WritableIndex::~WritableIndex() { Abandon(); }

void WritableIndex::RemoveShards() {
  std::error_code ec;
  if (!shards_dir_.empty()) fs::remove_all(shards_dir_, ec);
  shards_dir_.clear();
  shard_paths_.clear();
}

Xapian::WritableDatabase WritableIndex::AddShard() {
  // All in one directory beside the index, however many there are.
  if (shards_dir_.empty())
    shards_dir_ = MakeDirBeside(path_, "the shards of the build");
  shard_paths_.push_back(shards_dir_ + "/" +
                         std::to_string(shard_paths_.size()));
  // Nothing reads a shard while it is written, nor after a build that did
  // not commit it: blocks can be changed in place rather than copied at
  // each commit, for less I/O and a smaller shard to merge.
  return OpenWritable(shard_paths_.back(), Xapian::DB_CREATE_OR_OPEN |
                                               Xapian::DB_NO_SYNC |
                                               Xapian::DB_DANGEROUS);
}

void WritableIndex::MergeShards(
    Xapian::Compactor& compactor,
    const std::function<void(Xapian::WritableDatabase&)>& finish) {
  if (rebuild_path_.empty()) {
    // A fresh index in place: from here on like a rebuild, so that the
    // merged index appears whole or not at all. Nothing may be left to
    // commit to it: closed after the swap, it would write its version file
    // by path, into the merged index.
    db_.commit();
    old_ = db_;
    rebuild_path_ = MakeDirBeside(path_, "the merged index");
  } else {
    db_.close();
  }
  // The compactor writes a new directory. Nobody else can touch this one:
  // deleting leftovers takes the index's lock, which we hold.
  std::error_code ec;
  fs::remove_all(rebuild_path_, ec);
  {
    Xapian::Database shards;
    for (const std::string& shard : shard_paths_)
      shards.add_database(Xapian::Database(shard));
    shards.compact(rebuild_path_, Xapian::DBCOMPACT_MULTIPASS, 0, compactor);
  }
  RemoveShards();
  db_ = OpenWritable(rebuild_path_, Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
  shards_ = {db_};
  db_.set_metadata(schema::kVersionKey, std::to_string(schema::kVersion));
  finish(db_);
}

void WritableIndex::Abandon() {
  RemoveShards();
  if (rebuild_path_.empty()) return;
  // The old index stays; the new one goes, unlocked first.
  try {
    db_.close();
  } catch (const Xapian::Error&) {
  }
  std::error_code ec;
  fs::remove_all(rebuild_path_, ec);
  rebuild_path_.clear();
  // Only read from now on (its article count).
  db_ = old_;
  shards_ = {db_};
}

void WritableIndex::Finish() {
  db_.commit();
  if (rebuild_path_.empty()) return;
  // A rebuilt index of several shards: each compacted, as a new index of
  // one database is by its merge, while nobody can see it yet.
  if (shards_.size() > 1)
    CompactShardsIn(rebuild_path_, Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
  // The new index was written without syncing: put it on disk before it
  // replaces the old one, so that after a crash the index is the old one
  // or the whole new one.
  SyncIndexDir(rebuild_path_);
  // The new index keeps its lock (it is the index now) until this object
  // goes; the old one, now under the rebuild's name, is deleted.
  if (renameat2(AT_FDCWD, rebuild_path_.c_str(), AT_FDCWD, path_.c_str(),
                RENAME_EXCHANGE) != 0) {
    const int error = errno;
    const auto fail = [&](int e) {
      return Error(ErrorKind::kIndexWrite,
                   "cannot put the rebuilt index '" + rebuild_path_ +
                       "' in place of '" + path_ + "': " + std::strerror(e) +
                       " (the old index is unchanged)");
    };
    if (error != EINVAL && error != ENOSYS && error != EOPNOTSUPP)
      throw fail(error);
    // A filesystem without an atomic exchange (NFS): two renames, and a
    // moment in which a searcher finds no index.
    const std::string aside = rebuild_path_ + ".old";
    if (rename(path_.c_str(), aside.c_str()) != 0) throw fail(errno);
    if (rename(rebuild_path_.c_str(), path_.c_str()) != 0) {
      const int e = errno;
      (void)rename(aside.c_str(), path_.c_str());
      throw fail(e);
    }
    rebuild_path_ = aside;
  }
  // The exchange itself, on disk.
  SyncPath(ParentDir(path_), O_DIRECTORY);
  old_.close();
  std::error_code ec;
  fs::remove_all(rebuild_path_, ec);
  rebuild_path_.clear();
}

void WritableIndex::CompactShards() {
  if (shards_.size() > 1 && rebuild_path_.empty())
    CompactShardsIn(path_, Xapian::DB_OPEN);
}

void WritableIndex::CompactShardsIn(const std::string& dir, int flags) {
  db_.commit();
  // Compacted copies first, each on disk, while the shards stay locked.
  std::vector<std::string> copies;
  std::error_code ec;
  for (size_t i = 0; i < shards_.size(); ++i) {
    try {
      copies.push_back(MakeDirBeside(path_, "a compacted shard"));
      fs::remove_all(copies.back(), ec);
      Xapian::Database(dir + "/" + ShardDirName(i))
          .compact(copies.back(), Xapian::DBCOMPACT_MULTIPASS);
      SyncIndexDir(copies.back());
    } catch (...) {  // Error, Xapian::Error, std::filesystem_error
      for (const std::string& copy : copies) fs::remove_all(copy, ec);
      return;
    }
  }
  // Unlocked for a moment: the shards are closed, exchanged and opened
  // again. A searcher finds each shard whole before and after.
  db_ = Xapian::WritableDatabase();
  shards_.clear();
  for (size_t i = 0; i < copies.size(); ++i) {
    const std::string shard = dir + "/" + ShardDirName(i);
    // A filesystem without the exchange keeps the shard as written.
    (void)renameat2(AT_FDCWD, copies[i].c_str(), AT_FDCWD, shard.c_str(),
                    RENAME_EXCHANGE);
    // The exchanged-out shard, or the unused copy.
    fs::remove_all(copies[i], ec);
  }
  SyncPath(dir, O_DIRECTORY);
  OpenShards(dir, copies.size(), flags);
}

uint64_t IndexSizeBytes(const std::string& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  uint64_t total = 0;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    // A file a concurrent commit deletes meanwhile has no size: skip it,
    // rather than add the error's (uintmax_t)-1.
    const uintmax_t size = it->file_size(ec);
    if (!ec) total += size;
    ec.clear();
  }
  return total;
}

}  // namespace gazette
