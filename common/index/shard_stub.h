// Stub databases, Xapian's list of databases searched as one: reading the
// lines of one (local shards, remote ones served by xapian-tcpsrv or
// xapian-progsrv), and the layout of a sharded index, a directory holding
// its shards and the stub `XAPIANDB` that lists them, and which shard holds
// which article.
#ifndef GAZETTE_COMMON_INDEX_SHARD_STUB_H_
#define GAZETTE_COMMON_INDEX_SHARD_STUB_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

// One database a stub lists. Xapian 1.4's format, one per line (blank lines
// and lines starting with '#' are skipped):
//   auto PATH             a local database (also `glass PATH`, `chert PATH`);
//                         a relative PATH is relative to the stub's folder
//   remote HOST:PORT      a database served by xapian-tcpsrv ([IPv6]:PORT)
//   remote :PROGRAM ARGS  one served by a program speaking the remote
//                         protocol on its stdin and stdout, as
//                         `remote :ssh host xapian-progsrv /path/to/db`
struct StubEntry {
  enum class Kind { kLocal, kTcp, kProgram };
  Kind kind = Kind::kLocal;
  std::string path;  // kLocal: resolved against the stub's folder
  std::string host;  // kTcp
  unsigned port = 0;
  std::string program;  // kProgram
  std::string args;
  // How messages name it: the line as written ("remote 127.0.0.1:9001").
  std::string name;
};

// The stub file of the database at `path`: `path` itself when it is a
// regular file that is not a database, `path`/XAPIANDB when it is a
// directory holding one (as Xapian opens them); nullopt otherwise.
std::optional<std::string> StubFileOf(const std::string& path);

// The databases a stub file lists, in order. Throws Error(kIndexCorrupt)
// naming the file and line for a line Xapian would not open, and
// Error(kIndexMissing) if it cannot be read.
std::vector<StubEntry> ReadStub(const std::string& stub_file);

// A sharded index: the folder name of shard `i` inside the index directory
// ("shard-0"), and the name of the stub that lists them.
std::string ShardDirName(size_t i);
inline constexpr char kStubName[] = "XAPIANDB";

// The shards of the index at `path`, if it is a sharded index (a directory
// whose XAPIANDB lists only its own shard-N folders, in order): how many.
// nullopt for a single database or nothing at all. Throws
// Error(kIndexCorrupt) for a stub that lists anything else: the indexer
// writes only the shards it made.
std::optional<size_t> IndexShardCount(const std::string& path);

// Writes dir/XAPIANDB listing shards 0..count-1 (`auto shard-0`, ...), in
// place of any stub there, whole or not at all, and on disk when it
// returns. Throws Error(kIndexWrite).
void WriteShardStub(const std::string& dir, size_t count);

// The shard that holds the article with this id in an index of `count`
// shards: XXH3-64 of the id modulo count. Stable across versions and
// machines (XXH3's output is frozen), so an update or a deletion reaches
// the shard that holds the article as long as the count stays the same.
size_t ShardOf(std::string_view id, size_t count);

}  // namespace gazette

#endif  // GAZETTE_COMMON_INDEX_SHARD_STUB_H_
