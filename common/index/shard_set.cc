#include "common/index/shard_set.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <thread>

#include "common/base/printable.h"
#include "common/index/index_database.h"
#include "common/index/xapian_error.h"

namespace gazette {
namespace {

using Clock = std::chrono::steady_clock;

// Missing shards are tried again at most this often: a host that is down
// costs a connect timeout each time.
constexpr std::chrono::seconds kRetryMissing{5};

// Remote shards are asked for a new commit at most this often when the
// last time found none: each is a round trip, and they are asked in turn.
// A local shard's reopen() only reads a file and is done every time.
constexpr std::chrono::milliseconds kRemoteReopenEvery{50};

// The document of `docid` in `read`, if there is one.
const Xapian::Document* Find(const ShardSet::ReadDocuments* read,
                             Xapian::docid docid) {
  if (!read) return nullptr;
  const auto it = read->find(docid);
  return it == read->end() ? nullptr : &it->second;
}

unsigned Milliseconds(double seconds) {
  return static_cast<unsigned>(std::clamp(std::ceil(seconds * 1000), 1.0, 4e9));
}

}  // namespace

std::string RemoteContext(const StubEntry& entry) {
  if (entry.kind == StubEntry::Kind::kProgram)
    return "remote:prog(" + entry.program + " " + entry.args + ")";
  return "remote:tcp(" + entry.host + ":" + std::to_string(entry.port) + ")";
}

ShardSet::ShardSet(const std::string& path, const ShardOptions& options)
    : path_(path), options_(options) {
  if (const std::optional<std::string> stub = StubFileOf(path)) {
    for (StubEntry& entry : ReadStub(*stub)) {
      has_remote_ |= entry.kind != StubEntry::Kind::kLocal;
      shards_.push_back({std::move(entry), {}, false});
    }
  }
  OpenAll();
}

std::vector<std::string> ShardSet::missing() const {
  std::vector<std::string> names;
  for (const Shard& shard : shards_)
    if (!shard.live) names.push_back(shard.entry.name);
  return names;
}

Error ShardSet::Unavailable(const Shard& shard, const std::string& why) const {
  return Error(ErrorKind::kShardUnavailable,
               "shard '" + Printable(shard.entry.name, 200) + "' of '" +
                   Printable(path_, 200) + "' did not answer: " + why +
                   "; is its server running?");
}

void ShardSet::OpenAll() {
  if (shards_.empty()) {
    db_ = OpenIndexForReading(path_);
    return;
  }
  for (Shard& shard : shards_) {
    if (shard.entry.kind == StubEntry::Kind::kLocal) {
      shard.db = OpenIndexForReading(shard.entry.path);
      shard.live = true;
    } else {
      Connect(shard);
    }
  }
  Combine();
  last_tried_ = Clock::now();
}

void ShardSet::Connect(Shard& shard) {
  const StubEntry& e = shard.entry;
  shard.live = false;
  shard.db = Xapian::Database();
  try {
    shard.db = e.kind == StubEntry::Kind::kTcp
                   ? Xapian::Remote::open(
                         e.host, e.port, Milliseconds(options_.timeout),
                         Milliseconds(options_.connect_timeout))
                   : Xapian::Remote::open(e.program, e.args,
                                          Milliseconds(options_.timeout));
  } catch (const Xapian::Error& error) {
    if (!options_.allow_missing) throw Unavailable(shard, error.get_msg());
    return;
  }
  // A shard of another schema is an error, allowed to be missing or not.
  CheckIndexSchema(shard.db, e.name);
  shard.live = true;
}

void ShardSet::Combine() {
  db_ = Xapian::Database();
  for (const Shard& shard : shards_)
    if (shard.live) db_.add_database(shard.db);
  if (std::none_of(shards_.begin(), shards_.end(),
                   [](const Shard& s) { return s.live; })) {
    throw Error(ErrorKind::kShardUnavailable,
                "no shard of '" + Printable(path_, 200) + "' answered");
  }
}

bool ShardSet::Refresh() {
  bool opened = false;
  if (options_.allow_missing && Clock::now() - last_tried_ > kRetryMissing &&
      std::any_of(shards_.begin(), shards_.end(),
                  [](const Shard& s) { return !s.live; })) {
    last_tried_ = Clock::now();
    for (Shard& shard : shards_)
      if (!shard.live) Connect(shard);
    Combine();
    opened = true;
  }
  // A --rebuild puts a whole new database (with its own UUID) in the
  // index's place; reopen() compares only revision numbers, so when the
  // new one's happens to equal ours it keeps reading the old one's tables.
  // Open it afresh instead. (A remote shard's server reopens its own.)
  const std::string uuid = db_.get_uuid();
  Reopen();
  if (db_.get_uuid() != uuid) {
    OpenAll();
    opened = true;
  }
  return opened;
}

void ShardSet::Reopen() {
  if (!has_remote_) {
    db_.reopen();
    return;
  }
  const bool remote_due = Clock::now() - remote_checked_ >= kRemoteReopenEvery;
  bool changed = false;
  // db_ holds the same shards (add_database() shares them): reopening one
  // here reopens it there.
  for (Shard& shard : shards_) {
    if (!shard.live) continue;
    if (shard.entry.kind == StubEntry::Kind::kLocal) {
      shard.db.reopen();
    } else if (remote_due) {
      changed |= shard.db.reopen();
    }
  }
  // A commit found: look again next time, as more may follow.
  if (remote_due)
    remote_checked_ = changed ? Clock::time_point{} : Clock::now();
}

std::vector<Xapian::Document> ShardSet::Documents(
    const Xapian::MSet& mset, bool first_page,
    const ReadDocuments* read) const {
  std::vector<const Shard*> live;
  size_t remote = 0;
  for (const Shard& shard : shards_) {
    if (!shard.live) continue;
    live.push_back(&shard);
    remote += shard.entry.kind != StubEntry::Kind::kLocal;
  }
  if (remote >= 2) return ReadInParallel(mset, live, read);
  std::vector<Xapian::Document> docs;
  if (first_page && !read) mset.fetch();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const Xapian::Document* known = Find(read, *it);
    docs.push_back(known ? *known : it.get_document());
  }
  return docs;
}

std::vector<Xapian::Document> ShardSet::ReadInParallel(
    const Xapian::MSet& mset, const std::vector<const Shard*>& live,
    const ReadDocuments* read) const {
  // db_ interleaves its shards' docids: docid d is shard (d - 1) % n's
  // docid (d - 1) / n + 1.
  const size_t n = live.size();
  std::vector<Xapian::docid> ids;
  for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(*it);
  std::vector<Xapian::Document> docs(ids.size());
  std::vector<std::vector<size_t>> hits_of(n);  // positions in ids
  for (size_t i = 0; i < ids.size(); ++i) {
    // Copied here, on this thread: Xapian's reference counts are not atomic.
    if (const Xapian::Document* known = Find(read, ids[i]))
      docs[i] = *known;
    else
      hits_of[(ids[i] - 1) % n].push_back(i);
  }
  constexpr size_t kNone = std::numeric_limits<size_t>::max();
  std::vector<size_t> failed_at(n, kNone);
  std::vector<std::exception_ptr> errors(n);
  // Each shard's Xapian objects are touched by one thread only: Xapian's
  // are not thread-safe, and its reference counts not atomic.
  const auto read_shard = [&](size_t s) {
    for (const size_t i : hits_of[s]) {
      try {
        docs[i] = live[s]->db.get_document(
            static_cast<Xapian::docid>((ids[i] - 1) / n + 1));
      } catch (...) {
        errors[s] = std::current_exception();
        failed_at[s] = i;
        return;
      }
    }
  };
  {
    // Joined when this block ends, also when starting a thread throws.
    struct Threads : std::vector<std::thread> {
      ~Threads() {
        for (std::thread& t : *this) t.join();
      }
    } threads;
    for (size_t s = 0; s < n; ++s) {
      if (live[s]->entry.kind != StubEntry::Kind::kLocal && !hits_of[s].empty())
        threads.emplace_back(read_shard, s);
    }
    for (size_t s = 0; s < n; ++s)
      if (live[s]->entry.kind == StubEntry::Kind::kLocal) read_shard(s);
  }
  // The error of the first hit that failed, as reading in order meets it.
  const auto first = std::min_element(failed_at.begin(), failed_at.end());
  if (*first != kNone)
    std::rethrow_exception(errors[first - failed_at.begin()]);
  return docs;
}

void ShardSet::Recover(const Xapian::NetworkError& e, bool repeated) {
  if (repeated) {
    const auto named =
        std::find_if(shards_.begin(), shards_.end(), [&](const Shard& s) {
          return s.live && s.entry.kind != StubEntry::Kind::kLocal &&
                 RemoteContext(s.entry) == e.get_context();
        });
    if (named == shards_.end()) {
      throw Error(ErrorKind::kShardUnavailable,
                  "a shard of '" + Printable(path_, 200) +
                      "' did not answer: " + e.get_description());
    }
    if (!options_.allow_missing) throw Unavailable(*named, e.get_msg());
    named->live = false;
    named->db = Xapian::Database();
    last_tried_ = Clock::now();
  }
  for (Shard& shard : shards_) {
    if (shard.live && shard.entry.kind != StubEntry::Kind::kLocal)
      Connect(shard);
  }
  Combine();
}

}  // namespace gazette
