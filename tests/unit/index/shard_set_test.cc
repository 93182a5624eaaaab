#include "common/index/shard_set.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <string>
#include <vector>

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

TEST_CASE("a stub line Xapian would not open is refused, naming the line") {
  const Stub stub("auto " + ShardedIndex() + "/shard-0\nremote nowhere\n");
  CHECK_THROWS_WITH_AS(ShardSet(stub.path, {}), doctest::Contains("line 2"),
                       Error);
}

}  // namespace
}  // namespace gazette
