#include "common/index/shard_set.h"

#include <algorithm>
#include <cmath>

#include "common/base/printable.h"
#include "common/index/index_database.h"
#include "common/index/xapian_error.h"

namespace gazette {
namespace {

using Clock = std::chrono::steady_clock;

// Missing shards are tried again at most this often: a host that is down
// costs a connect timeout each time.
constexpr std::chrono::seconds kRetryMissing{5};

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
  db_.reopen();
  if (db_.get_uuid() != uuid) {
    OpenAll();
    opened = true;
  }
  return opened;
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
