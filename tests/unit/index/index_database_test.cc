#include "common/index/index_database.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <stdio.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "common/index/schema.h"
#include "gazette/error.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

// Enough documents with enough distinct terms that reading the metadata
// needs blocks below the B-tree's root, which later commits reuse.
void AddDocuments(Xapian::WritableDatabase& db, int round) {
  for (int i = 0; i < 300; ++i) {
    Xapian::Document doc;
    for (int j = 0; j < 100; ++j) {
      doc.add_term("t" + std::to_string(round) + "_" +
                   std::to_string(i * 100 + j));
    }
    db.add_document(doc);
  }
}

TEST_CASE(
    "the schema check of a reader survives an indexer committing since it "
    "opened") {
  testing::TempDir dir;
  const std::string path = dir / "db";
  {
    Xapian::WritableDatabase w(path, Xapian::DB_CREATE_OR_OPEN);
    w.set_metadata(schema::kVersionKey, std::to_string(schema::kVersion));
    AddDocuments(w, 0);
    w.commit();
  }
  Xapian::Database reader(path);
  Xapian::WritableDatabase writer(path, Xapian::DB_CREATE_OR_OPEN);
  for (int round = 1; round <= 3; ++round) {
    AddDocuments(writer, round);
    writer.commit();
  }
  // The revision the reader had open is gone...
  CHECK_THROWS_AS(reader.get_metadata("x"), Xapian::DatabaseModifiedError);
  // ...and the check reopens rather than failing.
  Xapian::Database checked(path);
  AddDocuments(writer, 4);
  writer.commit();
  AddDocuments(writer, 5);
  writer.commit();
  CHECK_NOTHROW(CheckIndexSchema(checked, path));
  CHECK(checked.get_doccount() == 6 * 300);
}

TEST_CASE("the schema check refuses another version and a foreign database") {
  testing::TempDir dir;
  {
    Xapian::WritableDatabase w(dir / "old", Xapian::DB_CREATE_OR_OPEN);
    w.set_metadata(schema::kVersionKey, "0");
    w.commit();
    Xapian::WritableDatabase f(dir / "foreign", Xapian::DB_CREATE_OR_OPEN);
    f.add_document(Xapian::Document());
    f.commit();
  }
  for (const char* name : {"old", "foreign"}) {
    Xapian::Database db(dir / name);
    try {
      CheckIndexSchema(db, dir / name);
      FAIL("accepted " << name);
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::kIndexCorrupt);
      CHECK(std::string(e.what()).find(dir / name) != std::string::npos);
    }
  }
}

std::vector<std::string> Rebuilds(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.find(".rebuild-") != std::string::npos) names.push_back(name);
  }
  return names;
}

Xapian::doccount Articles(const std::string& path) {
  return Xapian::Database(path).get_doccount();
}

void MakeIndexOfOne(const std::string& path) {
  WritableIndex index(path, false);
  index.db().add_document(Xapian::Document());
  index.Finish();
}

TEST_CASE(
    "a rebuild leaves the old index searchable and locked until it is put in "
    "its place") {
  testing::TempDir dir;
  const std::string path = dir / "db";
  MakeIndexOfOne(path);
  {
    WritableIndex rebuild(path, true);
    rebuild.db().add_document(Xapian::Document());
    rebuild.db().add_document(Xapian::Document());
    rebuild.db().commit();
    CHECK(Articles(path) == 1);
    CHECK(Rebuilds(dir.path()).size() == 1);
    CHECK_THROWS_AS(WritableIndex(path, false), Error);
    rebuild.Finish();
    CHECK(Articles(path) == 2);
    CHECK(Rebuilds(dir.path()).empty());
    // The new index stays locked until the build is over.
    try {
      WritableIndex second(path, false);
      FAIL("a second writer got in");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::kIndexLocked);
    }
  }
  CHECK_NOTHROW(WritableIndex(path, false));
}

TEST_CASE("opening never fails while a rebuild swaps the index in") {
  // Two whole indexes of different shapes, exchanged again and again while
  // a reader opens one by name: Xapian opens the version file and the tables
  // one by one, so without a retry some opens mix them.
  testing::TempDir dir;
  const std::string path = dir / "db";
  const std::string other = dir / "other";
  // An empty index, as a first build's is, and a compacted one, as the
  // merge of a new build's shards is.
  {
    Xapian::WritableDatabase empty(path, Xapian::DB_CREATE_OR_OPEN);
    empty.set_metadata(schema::kVersionKey, std::to_string(schema::kVersion));
    empty.commit();
    Xapian::WritableDatabase full(dir / "full", Xapian::DB_CREATE_OR_OPEN);
    full.set_metadata(schema::kVersionKey, std::to_string(schema::kVersion));
    for (int round = 0; round < 3; ++round) AddDocuments(full, round);
    full.commit();
    full.compact(other);
  }
  std::atomic<bool> stop{false};
  std::thread swapper([&] {
    while (!stop) {
      renameat2(AT_FDCWD, other.c_str(), AT_FDCWD, path.c_str(),
                RENAME_EXCHANGE);
      // A rebuild swaps once: opens take about 0.1 ms here, so an open and
      // its retries rarely meet more than one exchange.
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  int failures = 0;
  std::string first_failure;
  for (int open = 0; open < 5000; ++open) {
    try {
      const Xapian::Database db = OpenIndexForReading(path);
      const Xapian::doccount n = db.get_doccount();
      if (n != 0 && n != 900)
        throw Error(ErrorKind::kIndexCorrupt, "count " + std::to_string(n));
    } catch (const Error& e) {
      if (failures++ == 0) first_failure = e.what();
    } catch (const Xapian::Error& e) {
      if (failures++ == 0) first_failure = e.get_description();
    }
  }
  stop = true;
  swapper.join();
  INFO(first_failure);
  CHECK(failures == 0);
}

TEST_CASE("an abandoned rebuild leaves the old index as it was") {
  testing::TempDir dir;
  const std::string path = dir / "db";
  MakeIndexOfOne(path);
  {
    WritableIndex rebuild(path, true);
    rebuild.db().add_document(Xapian::Document());
    rebuild.db().commit();
  }
  CHECK(Articles(path) == 1);
  CHECK(Rebuilds(dir.path()).empty());
}

TEST_CASE("the next build deletes a rebuild that a killed indexer left") {
  testing::TempDir dir;
  const std::string path = dir / "db";
  { WritableIndex index(path, false); }
  {
    Xapian::WritableDatabase left(path + ".rebuild-Ab12Cd", Xapian::DB_CREATE);
  }
  std::filesystem::create_directories(path + ".rebuild-Zz99Yy");
  CHECK(Rebuilds(dir.path()).size() == 2);
  { WritableIndex index(path, false); }
  CHECK(Rebuilds(dir.path()).empty());
}

TEST_CASE("the shards of a new index are one directory beside it") {
  testing::TempDir dir;
  const std::string path = dir / "db";
  WritableIndex index(path, false);
  REQUIRE(index.fresh());
  for (int s = 0; s < 5; ++s) {
    Xapian::WritableDatabase shard = index.AddShard();
    shard.add_document(Xapian::Document());
    shard.commit();
  }
  // However many shards: a user sees one directory beside the index.
  CHECK(Rebuilds(dir.path()).size() == 1);
  Xapian::Compactor compactor;
  index.MergeShards(compactor, [](Xapian::WritableDatabase&) {});
  index.Finish();
  CHECK(Articles(path) == 5);
  CHECK(Rebuilds(dir.path()).empty());
}

TEST_CASE("the next build deletes the shards that a killed indexer left") {
  testing::TempDir dir;
  const std::string path = dir / "db";
  { WritableIndex index(path, false); }
  std::filesystem::create_directories(path + ".rebuild-Sh4rds");
  for (const char* shard : {"/0", "/1"}) {
    Xapian::WritableDatabase left(path + ".rebuild-Sh4rds" + shard,
                                  Xapian::DB_CREATE);
    left.add_document(Xapian::Document());
    left.commit();
  }
  CHECK(Rebuilds(dir.path()).size() == 1);
  { WritableIndex index(path, false); }
  CHECK(Rebuilds(dir.path()).empty());
  CHECK(Articles(path) == 0);
}

TEST_CASE("a rebuild never replaces a directory that is not an index") {
  testing::TempDir dir;
  testing::WriteFile(dir / "notes/todo.txt", "keep me");
  try {
    WritableIndex rebuild(dir / "notes", true);
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kIndexWrite);
    CHECK(std::string(e.what()).find("not an index") != std::string::npos);
  }
  CHECK(testing::ReadFile(dir / "notes/todo.txt") == "keep me");
}

}  // namespace
}  // namespace gazette
