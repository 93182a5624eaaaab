// The databases a search reads: one database, or every shard a stub lists
// (common/index/shard_stub.h), local or remote, opened one by one so that
// remote ones get the timeouts asked for, and one that does not answer is
// named, or, if allowed, left out and tried again later.
#ifndef GAZETTE_COMMON_INDEX_SHARD_SET_H_
#define GAZETTE_COMMON_INDEX_SHARD_SET_H_

#include <xapian.h>

#include <chrono>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/index/shard_stub.h"
#include "gazette/error.h"
#include "gazette/searcher.h"

namespace gazette {

class ShardSet {
 public:
  // Opens the index at path (a database, a sharded index's directory, or a
  // stub file) and checks each shard's schema version. Throws Error:
  // kIndexMissing, kIndexCorrupt, kShardUnavailable (a remote shard does
  // not answer and options.allow_missing is not set, or none answers).
  ShardSet(const std::string& path, const ShardOptions& options);

  // The shards that answer, as one database.
  const Xapian::Database& db() const { return db_; }
  // Whether any shard is remote: Xapian's remote backend then refuses
  // custom MatchSpy, KeyMaker, MatchDecider and Weight classes.
  bool has_remote() const { return has_remote_; }
  // The shards left out, as the stub names them.
  std::vector<std::string> missing() const;

  // Moves every shard to its latest commit: a local one at once, the remote
  // ones (a round trip each, one after the other) unless the last look, a
  // few milliseconds ago, found nothing new. Tries the missing ones again if
  // they were last tried a few seconds ago. Returns true when db() was
  // opened afresh (a --rebuild put a new database in place, a missing shard
  // came back): whatever holds the old one must be remade. Throws
  // Xapian::Error (a NetworkError for Recover).
  bool Refresh();
  // The next Refresh() asks the remote shards too: a read found the
  // revision it was reading gone.
  void MarkOutdated() { remote_checked_ = {}; }

  // The documents of `mset`'s hits (an MSet of db()), in its order. With 2
  // or more remote shards, each shard's are read on a thread of its own,
  // through its own connection, at the same time; otherwise through the
  // MSet, fetch()ed first when `first_page` (Xapian 1.4.22's fetch() crashes
  // on a page that does not start at the first hit). Throws the
  // Xapian::Error reading them one by one in order would throw first.
  // Documents in `read` (by docid of db()) are taken from there, not read
  // again: a collapsed page shares most of its hits with the page before.
  using ReadDocuments = std::unordered_map<Xapian::docid, Xapian::Document>;
  std::vector<Xapian::Document> Documents(
      const Xapian::MSet& mset, bool first_page,
      const ReadDocuments* read = nullptr) const;

  // After a search failed with `e`, a network error: reconnects every
  // remote shard (a server closes a connection that has been idle longer
  // than its --idle-timeout), and, if `repeated` (the search failed again
  // after that), also gives up on the shard `e` names, which connects but
  // does not answer in time. A shard given up on is left out if
  // allow_missing is set; otherwise Error(kShardUnavailable) names it.
  // db() is then opened afresh.
  void Recover(const Xapian::NetworkError& e, bool repeated);

 private:
  struct Shard {
    StubEntry entry;
    Xapian::Database db;
    bool live = false;
  };

  void OpenAll();
  // reopen() of each live shard, the remote ones only when due.
  void Reopen();
  // Documents() over the live shards `live`, 2 or more of them remote.
  std::vector<Xapian::Document> ReadInParallel(
      const Xapian::MSet& mset, const std::vector<const Shard*>& live,
      const ReadDocuments* read) const;
  // Opens a remote shard; when it does not answer, throws
  // Error(kShardUnavailable) or (allow_missing) leaves it not live.
  void Connect(Shard& shard);
  // db_ from the live shards.
  void Combine();
  Error Unavailable(const Shard& shard, const std::string& why) const;

  std::string path_;
  ShardOptions options_;
  std::vector<Shard> shards_;  // empty for a single database
  bool has_remote_ = false;
  Xapian::Database db_;
  std::chrono::steady_clock::time_point last_tried_;
  // When the remote shards were last asked for a new commit and had none;
  // the epoch when they must be asked next time.
  std::chrono::steady_clock::time_point remote_checked_;
};

// What Xapian's network errors name a remote shard by (their context):
// "remote:tcp(HOST:PORT)" or "remote:prog(PROGRAM ARGS)".
std::string RemoteContext(const StubEntry& entry);

}  // namespace gazette

#endif  // GAZETTE_COMMON_INDEX_SHARD_SET_H_
