#include "common/index_database.h"

#include <filesystem>
#include <system_error>

#include "common/error.h"
#include "common/schema.h"

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

std::string ResolveDbPath(const std::optional<std::string>& flag,
                          const char* env_value) {
  if (flag) return *flag;
  if (env_value != nullptr && *env_value != '\0') return env_value;
  return kDefaultDbPath;
}

Xapian::Database OpenIndexForReading(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    throw Error(ErrorKind::kIndexMissing,
                "no index at '" + path +
                    "': run `indexer build CORPUS_DIR` first"
                    " (or point --db or $GAZETTE_DB at an index)");
  }
  Xapian::Database db;
  try {
    db = Xapian::Database(path);
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw Error(ErrorKind::kIndexCorrupt,
                "cannot open index at '" + path + "': " + e.get_msg());
  } catch (const Xapian::Error& e) {
    throw Error(ErrorKind::kIndexCorrupt,
                "cannot open index at '" + path + "': " + e.get_description());
  }
  if (auto problem = SchemaProblem(db, path)) {
    throw Error(ErrorKind::kIndexCorrupt, *problem);
  }
  return db;
}

Xapian::WritableDatabase OpenIndexForWriting(const std::string& path,
                                             bool rebuild) {
  Xapian::WritableDatabase db;
  try {
    db = Xapian::WritableDatabase(path, rebuild ? Xapian::DB_CREATE_OR_OVERWRITE
                                                : Xapian::DB_CREATE_OR_OPEN);
  } catch (const Xapian::DatabaseLockError& e) {
    // Xapian reports a lock it could not even try to take (a read-only
    // directory, no lock file) with the same class as one held by another
    // writer; only the latter means "wait".
    if (e.get_msg().find("already locked") == std::string::npos) {
      throw Error(ErrorKind::kIndexWrite,
                  "cannot write to index at '" + path + "': " + e.get_msg());
    }
    throw Error(ErrorKind::kIndexLocked,
                "index at '" + path +
                    "' is locked: another indexer is writing to it; wait for "
                    "it to finish");
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw Error(ErrorKind::kIndexWrite, "cannot open index at '" + path +
                                            "' for writing: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    throw Error(ErrorKind::kIndexWrite,
                "cannot open index at '" + path +
                    "' for writing: " + e.get_description());
  }
  if (auto problem = SchemaProblem(db, path)) {
    throw Error(ErrorKind::kIndexCorrupt, *problem);
  }
  if (db.get_metadata(schema::kVersionKey).empty()) {
    db.set_metadata(schema::kVersionKey, std::to_string(schema::kVersion));
  }
  return db;
}

uint64_t IndexSizeBytes(const std::string& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  uint64_t total = 0;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

}  // namespace gazette
