#include "common/index/shard_set.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "common/index/schema.h"
#include "gazette/error.h"
#include "gazette/index_builder.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

using testing::QuietReporter;

// A sharded index of six articles in three shards.
const std::string& ShardedIndex() {
  static testing::TempDir dir;
  static const std::string index = [] {
    const std::string corpus = dir / "corpus";
    for (int i = 0; i < 6; ++i) {
      testing::WriteFile(corpus + "/" + std::to_string(i) + ".txt",
                         "date: 2025-05-1" + std::to_string(i) +
                             "\nTalks in Madrid went on, day " +
                             std::to_string(i) + ".\n");
    }
    IndexOptions options;
    options.corpus_dirs = {corpus};
    options.db_path = dir / "index";
    options.shards = 3;
    QuietReporter reporter;
    REQUIRE(BuildIndex(options, reporter).articles == 6);
    return dir / "index";
  }();
  return index;
}

// A stub in its own folder listing `lines`.
struct Stub {
  explicit Stub(const std::string& lines) { testing::WriteFile(path, lines); }
  testing::TempDir dir;
  std::string path = dir / "stub";
};

// A stub line for shard i of the sharded index, served by xapian-progsrv
// over a pipe: Xapian's remote backend without a port.
std::string Remote(int i) {
  return "remote :xapian-progsrv " + ShardedIndex() + "/shard-" +
         std::to_string(i) + "\n";
}

// A remote shard that never answers: /bin/false exits at once.
constexpr char kDeadShard[] = "remote :false\n";

TEST_CASE("a sharded index opens as its local shards, searched as one") {
  const ShardSet set(ShardedIndex(), {});
  CHECK_FALSE(set.has_remote());
  CHECK(set.missing().empty());
  CHECK(set.db().size() == 3);
  CHECK(set.db().get_doccount() == 6);
}

TEST_CASE("a stub mixing local and remote shards opens them all") {
  const Stub stub("auto " + ShardedIndex() + "/shard-0\n" + Remote(1) +
                  Remote(2));
  const ShardSet set(stub.path, {});
  CHECK(set.has_remote());
  CHECK(set.missing().empty());
  CHECK(set.db().get_doccount() == 6);
}

TEST_CASE("a remote shard that does not answer is named, or left out") {
  const Stub stub(Remote(0) + kDeadShard + Remote(2));
  ShardOptions options;
  options.timeout = 2;
  options.connect_timeout = 2;
  SUBCASE("an error naming it") {
    try {
      ShardSet set(stub.path, options);
      FAIL("a dead shard was opened");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::kShardUnavailable);
      const std::string message = e.what();
      CHECK(message.find("shard 'remote :false' of '" + stub.path + "'") !=
            std::string::npos);
    }
  }
  SUBCASE("left out when allowed, and said so") {
    options.allow_missing = true;
    const ShardSet set(stub.path, options);
    CHECK(set.missing() == std::vector<std::string>{"remote :false"});
    CHECK(set.db().size() == 2);
    CHECK(set.db().get_doccount() ==
          6 - Xapian::Database(ShardedIndex() + "/shard-1").get_doccount());
  }
  SUBCASE("no shard answering is an error even when allowed") {
    options.allow_missing = true;
    const Stub dead(std::string(kDeadShard) + kDeadShard);
    CHECK_THROWS_AS(ShardSet(dead.path, options), Error);
  }
}

// Every article of `set`, in an order that goes back and forth between its
// shards (newest first), from offset on.
Xapian::MSet AllArticles(const ShardSet& set, Xapian::doccount offset) {
  Xapian::Enquire enquire(set.db());
  enquire.set_query(Xapian::Query::MatchAll);
  enquire.set_sort_by_value(schema::kSortSlot, true);
  return enquire.get_mset(offset, 100);
}

// What a document holds that a search shows: its data and values.
std::string Contents(const Xapian::Document& doc) {
  std::string out = doc.get_data();
  for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
    out += "|" + std::to_string(v.get_valueno()) + "=" + *v;
  return out;
}

TEST_CASE(
    "a page's documents read from 2 remote shards at once are the ones read "
    "one by one in order") {
  const Stub stub("auto " + ShardedIndex() + "/shard-0\n" + Remote(1) +
                  Remote(2));
  const ShardSet set(stub.path, {});
  for (const Xapian::doccount offset : {0u, 2u}) {
    CAPTURE(offset);
    const Xapian::MSet mset = AllArticles(set, offset);
    REQUIRE(mset.size() == 6 - offset);
    const std::vector<Xapian::Document> docs = set.Documents(mset, offset == 0);
    REQUIRE(docs.size() == mset.size());
    size_t i = 0;
    std::vector<std::string> in_order, read;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      in_order.push_back(Contents(set.db().get_document(*it)));
      read.push_back(Contents(docs[i++]));
    }
    CHECK(read == in_order);
    // The same articles as the local shards give.
    const ShardSet local(ShardedIndex(), {});
    std::vector<std::string> local_read;
    for (const Xapian::Document& doc :
         local.Documents(AllArticles(local, offset), offset == 0))
      local_read.push_back(Contents(doc));
    CHECK(read == local_read);
  }
}

TEST_CASE(
    "documents already read are taken as they are, the others read, in the "
    "page's order") {
  for (const std::string& shards :
       {std::string("auto ") + ShardedIndex() + "/shard-0\n" + Remote(1) +
            Remote(2),
        "auto " + ShardedIndex() + "/shard-0\n" + Remote(1)}) {
    const Stub stub(shards);
    const ShardSet set(stub.path, {});
    const Xapian::MSet mset = AllArticles(set, 0);
    REQUIRE(mset.size() >= 3);
    // Two of the page's hits, the first and the last, as read before (here
    // made up, so that a document read again would show).
    ShardSet::ReadDocuments read;
    Xapian::Document made_up;
    made_up.set_data("read before");
    read.emplace(*mset.begin(), made_up);
    read.emplace(*mset.back(), made_up);
    const std::vector<Xapian::Document> docs = set.Documents(mset, true, &read);
    REQUIRE(docs.size() == mset.size());
    size_t i = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it, ++i) {
      CAPTURE(i);
      if (read.count(*it)) {
        CHECK(docs[i].get_data() == "read before");
      } else {
        CHECK(Contents(docs[i]) == Contents(set.db().get_document(*it)));
      }
    }
  }
}

TEST_CASE(
    "remote shards that fail while their documents are read in parallel "
    "throw the error reading in order would meet first") {
  // Their servers (xapian-progsrv run by `timeout`) quit after half a
  // second.
  const auto dying = [](int i) {
    return "timeout 0.5 xapian-progsrv " + ShardedIndex() + "/shard-" +
           std::to_string(i);
  };
  const Stub stub("auto " + ShardedIndex() + "/shard-0\nremote :" + dying(1) +
                  "\nremote :" + dying(2) + "\n");
  const ShardSet set(stub.path, {});
  const Xapian::MSet mset = AllArticles(set, 0);
  // The first hit in order on a remote shard: docid d is shard (d - 1) % 3's.
  auto it = mset.begin();
  while ((*it - 1) % 3 == 0) ++it;
  const std::string expected =
      "remote:prog(" + dying(static_cast<int>((*it - 1) % 3)) + ")";
  std::this_thread::sleep_for(std::chrono::milliseconds(900));
  try {
    (void)set.Documents(mset, true);
    FAIL("a shard whose server is gone was read");
  } catch (const Xapian::NetworkError& e) {
    CHECK(e.get_context() == expected);
  }
}

TEST_CASE(
    "a commit to a remote shard is seen at the first search after it once "
    "the last look is 50 ms old, or at once when marked outdated") {
  testing::TempDir dir;
  std::filesystem::copy(ShardedIndex() + "/shard-1", dir / "shard-1",
                        std::filesystem::copy_options::recursive);
  const Stub stub(Remote(0) + "remote :xapian-progsrv " + dir / "shard-1\n");
  ShardSet set(stub.path, {});
  const Xapian::doccount before = set.db().get_doccount();
  set.Refresh();  // nothing new
  const auto add = [&] {
    Xapian::WritableDatabase shard(dir / "shard-1");
    shard.add_document(Xapian::Document());
    shard.commit();
  };
  add();
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  CHECK_FALSE(set.Refresh());
  CHECK(set.db().get_doccount() == before + 1);
  set.Refresh();  // nothing new: the next look is 50 ms away
  add();
  set.MarkOutdated();
  CHECK_FALSE(set.Refresh());
  CHECK(set.db().get_doccount() == before + 2);
}

TEST_CASE("a stub line Xapian would not open is refused, naming the line") {
  const Stub stub("auto " + ShardedIndex() + "/shard-0\nremote nowhere\n");
  CHECK_THROWS_WITH_AS(ShardSet(stub.path, {}), doctest::Contains("line 2"),
                       Error);
}

}  // namespace
}  // namespace gazette
