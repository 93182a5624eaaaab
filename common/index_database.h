// Finding and opening the index: the location rule shared by both binaries,
// and opening with the schema check and messages that say what to do.
#ifndef GAZETTE_COMMON_INDEX_DATABASE_H_
#define GAZETTE_COMMON_INDEX_DATABASE_H_

#include <xapian.h>

#include <optional>
#include <string>

namespace gazette {

inline constexpr char kDefaultDbPath[] = "./gazette.db";
inline constexpr char kDbEnvVar[] = "GAZETTE_DB";

// --db if given, else $GAZETTE_DB if set and non-empty, else ./gazette.db.
std::string ResolveDbPath(const std::optional<std::string>& flag,
                          const char* env_value);

// Opens the index for searching. Throws Error: kIndexMissing (with "run
// `indexer build` first"), kIndexCorrupt (not a Gazette index, another
// schema version, or damaged).
Xapian::Database OpenIndexForReading(const std::string& path);

// Opens or creates the index for writing, checking or recording the schema
// version. `rebuild` discards the existing contents. Throws Error:
// kIndexLocked, kIndexCorrupt, kIndexWrite.
Xapian::WritableDatabase OpenIndexForWriting(const std::string& path,
                                             bool rebuild);

// Total bytes of the files that make up the index at path.
uint64_t IndexSizeBytes(const std::string& path);

}  // namespace gazette

#endif  // GAZETTE_COMMON_INDEX_DATABASE_H_
