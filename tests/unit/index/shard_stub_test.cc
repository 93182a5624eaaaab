#include "common/index/shard_stub.h"

#include <doctest/doctest.h>
#include <xapian.h>
#include <xxhash.h>

#include <filesystem>
#include <set>
#include <vector>

#include "gazette/error.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

namespace fs = std::filesystem;

TEST_CASE("a stub's lines read as Xapian reads them") {
  testing::TempDir dir;
  const std::string stub = dir / "stub";
  testing::WriteFile(stub,
                     "# shards of the archive\n"
                     "\n"
                     "auto shard-0\n"
                     "auto /srv/gazette/shard-1\n"
                     "glass ../elsewhere/shard-2\n"
                     "remote 10.0.0.7:9003\n"
                     "remote [::1]:9004\n"
                     "remote :ssh search1 xapian-progsrv /srv/db\n"
                     "remote :xapian-progsrv\n");
  const std::vector<StubEntry> e = ReadStub(stub);
  REQUIRE(e.size() == 7);
  CHECK(e[0].kind == StubEntry::Kind::kLocal);
  CHECK(e[0].path == dir / "shard-0");
  CHECK(e[0].name == "auto shard-0");
  CHECK(e[1].path == "/srv/gazette/shard-1");
  CHECK(e[2].path == dir / "../elsewhere/shard-2");
  CHECK(e[3].kind == StubEntry::Kind::kTcp);
  CHECK(e[3].host == "10.0.0.7");
  CHECK(e[3].port == 9003);
  CHECK(e[3].name == "remote 10.0.0.7:9003");
  CHECK(e[4].host == "::1");
  CHECK(e[4].port == 9004);
  CHECK(e[5].kind == StubEntry::Kind::kProgram);
  CHECK(e[5].program == "ssh");
  CHECK(e[5].args == "search1 xapian-progsrv /srv/db");
  CHECK(e[6].program == "xapian-progsrv");
  CHECK(e[6].args.empty());
}

TEST_CASE("a stub line Xapian would refuse is an error naming the line") {
  testing::TempDir dir;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"remote 10.0.0.7\n", "line 1"},
      {"remote host:port\n", "line 1"},
      {"remote host:70000\n", "line 1"},
      {"auto a\nflint b\n", "line 2"},
      {"auto\n", "line 1"},
      {"remote :\n", "line 1"},
  };
  for (const auto& [stub, where] : cases) {
    // Clang 14 cannot capture a structured binding in CAPTURE's lambda.
    const std::string text = stub;
    CAPTURE(text);
    testing::WriteFile(dir / "stub", text);
    try {
      (void)ReadStub(dir / "stub");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::kIndexCorrupt);
      CHECK(std::string(e.what()).find(where) != std::string::npos);
    }
  }
  CHECK_THROWS_AS(ReadStub(dir / "none"), Error);
}

TEST_CASE("the stub of a path is the file, or a directory's XAPIANDB") {
  testing::TempDir dir;
  CHECK_FALSE(StubFileOf(dir / "nothing"));
  CHECK_FALSE(StubFileOf(dir.path()));
  testing::WriteFile(dir / "list", "auto db\n");
  CHECK(StubFileOf(dir / "list") == dir / "list");
  testing::WriteFile(dir / "sharded/XAPIANDB", "auto shard-0\n");
  CHECK(StubFileOf(dir / "sharded") == dir / "sharded/XAPIANDB");
  {
    Xapian::WritableDatabase db(dir / "glass", Xapian::DB_CREATE);
    db.commit();
  }
  CHECK_FALSE(StubFileOf(dir / "glass"));
}

TEST_CASE(
    "a sharded index's stub lists its shards in order, and nothing else") {
  testing::TempDir dir;
  fs::create_directories(dir / "index");
  WriteShardStub(dir / "index", 3);
  CHECK(testing::ReadFile(dir / "index/XAPIANDB") ==
        "auto shard-0\nauto shard-1\nauto shard-2\n");
  CHECK(IndexShardCount(dir / "index") == 3u);
  CHECK_FALSE(fs::exists(dir / "index/XAPIANDB.new"));
  // Written again with another count, whole.
  WriteShardStub(dir / "index", 2);
  CHECK(IndexShardCount(dir / "index") == 2u);

  CHECK_FALSE(IndexShardCount(dir / "none"));
  testing::WriteFile(dir / "mixed/XAPIANDB",
                     "auto shard-0\nremote 10.0.0.7:9001\n");
  CHECK_THROWS_AS((void)IndexShardCount(dir / "mixed"), Error);
  testing::WriteFile(dir / "swapped/XAPIANDB", "auto shard-1\nauto shard-0\n");
  CHECK_THROWS_AS((void)IndexShardCount(dir / "swapped"), Error);
}

TEST_CASE("an article's shard is XXH3 of its id modulo the count") {
  // The promise that lets an update find its article: the same id, the same
  // shard, on any machine and in any later version.
  for (const std::string id :
       {"2025/a.txt", "wire.jsonl#17", "", "01/a00042.txt"}) {
    for (const size_t count : {2u, 3u, 4u, 16u}) {
      CHECK(ShardOf(id, count) == XXH3_64bits(id.data(), id.size()) % count);
    }
    CHECK(ShardOf(id, 1) == 0);
    CHECK(ShardOf(id, 0) == 0);
  }
  // And it spreads ids: 4,000 ids over 4 shards, each within 10% of 1,000.
  std::vector<size_t> per_shard(4);
  for (int i = 0; i < 4000; ++i)
    ++per_shard[ShardOf("2025/" + std::to_string(i) + ".txt", 4)];
  for (const size_t n : per_shard) {
    CHECK(n > 900);
    CHECK(n < 1100);
  }
}

}  // namespace
}  // namespace gazette
