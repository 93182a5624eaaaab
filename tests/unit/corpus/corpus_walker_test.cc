#include "common/corpus/corpus_walker.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "gazette/error.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Ids(const CorpusListing& listing) {
  std::vector<std::string> ids;
  for (const auto& f : listing.files) ids.push_back(f.id);
  return ids;
}

TEST_CASE("walker lists *.txt files by relative id and counts the rest") {
  testing::TempDir dir;
  testing::WriteFile(dir / "b.txt", "x");
  testing::WriteFile(dir / "a/deep/c.TXT", "x");
  testing::WriteFile(dir / "a/readme.md", "x");
  testing::WriteFile(dir / "name with spaces.txt", "x");
  testing::WriteFile(dir / ".hidden/d.txt", "x");
  testing::WriteFile(dir / ".e.txt", "x");
  const CorpusListing listing = ListCorpus(dir.path(), "");
  CHECK(Ids(listing) == std::vector<std::string>{"a/deep/c.TXT", "b.txt",
                                                 "name with spaces.txt"});
  CHECK(listing.ignored == 1);
  CHECK(listing.problems.empty());
  CHECK(listing.files[1].size == 1);
  CHECK(listing.files[1].path == dir / "b.txt");
}

TEST_CASE("walker lists *.jsonl files as JSON Lines, others as articles") {
  testing::TempDir dir;
  testing::WriteFile(dir / "a.txt", "x");
  testing::WriteFile(dir / "feed.JSONL", "{}");
  testing::WriteFile(dir / "feed.json", "{}");
  testing::WriteFile(dir / "jsonl", "{}");
  const CorpusListing listing = ListCorpus(dir.path(), "");
  REQUIRE(Ids(listing) == std::vector<std::string>{"a.txt", "feed.JSONL"});
  CHECK(listing.files[0].kind == CorpusFileKind::kArticle);
  CHECK(listing.files[1].kind == CorpusFileKind::kJsonLines);
  CHECK(listing.ignored == 2);
}

TEST_CASE("walker reports FIFOs, loops and broken links instead of hanging") {
  testing::TempDir dir;
  testing::WriteFile(dir / "sub/a.txt", "x");
  REQUIRE(mkfifo((dir / "pipe.txt").c_str(), 0600) == 0);
  fs::create_directory_symlink(dir.path(), dir / "sub/loop");
  fs::create_symlink(dir / "missing.txt", dir / "dangling.txt");
  fs::create_symlink(dir / "sub/a.txt", dir / "link.txt");
  const CorpusListing listing = ListCorpus(dir.path(), "");
  CHECK(Ids(listing) == std::vector<std::string>{"link.txt", "sub/a.txt"});
  REQUIRE(listing.problems.size() == 3);
  const auto has = [&](const std::string& path, const std::string& part) {
    return std::any_of(
        listing.problems.begin(), listing.problems.end(), [&](const auto& p) {
          return p.first == path && p.second.find(part) != std::string::npos;
        });
  };
  CHECK(has(dir / "pipe.txt", "FIFO"));
  CHECK(has(dir / "sub/loop", "already visited"));
  CHECK(has(dir / "dangling.txt", "broken symbolic link"));
}

TEST_CASE("walker skips the excluded index directory") {
  testing::TempDir dir;
  testing::WriteFile(dir / "a.txt", "x");
  testing::WriteFile(dir / "gazette.db/notes.txt", "x");
  CHECK(Ids(ListCorpus(dir.path(), dir / "gazette.db")) ==
        std::vector<std::string>{"a.txt"});
}

TEST_CASE("walker refuses a missing corpus or a file as a usage error") {
  testing::TempDir dir;
  testing::WriteFile(dir / "a.txt", "x");
  for (const std::string& bad : {dir / "nope", dir / "a.txt"}) {
    CAPTURE(bad);
    try {
      (void)ListCorpus(bad, "");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::kUsage);
      CHECK(std::string(e.what()).find(bad) != std::string::npos);
    }
  }
}

}  // namespace
}  // namespace gazette
