#include "common/index/sharded_writer.h"

#include <doctest/doctest.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tests/support/test_support.h"

namespace gazette {
namespace {

// `count` article files of `bytes` each.
std::vector<IndexJob> ArticleJobs(size_t count, uint64_t bytes) {
  std::vector<IndexJob> jobs(count);
  for (IndexJob& job : jobs) job.file.size = bytes;
  return jobs;
}

// Appends a JSON Lines file read as `chunks` chunks of `bytes` each.
void AddJsonLinesJobs(std::vector<IndexJob>& jobs, size_t chunks,
                      uint64_t bytes) {
  for (size_t c = 0; c < chunks; ++c) {
    IndexJob& job = jobs.emplace_back();
    job.file.kind = CorpusFileKind::kJsonLines;
    job.file.size = chunks * bytes;
    job.chunk = {c * bytes, bytes, 1 + c * 10};
  }
}

TEST_CASE("a small build or a single thread writes one shard") {
  CHECK(ShardBounds(ArticleJobs(100, 1000), 1, 1) ==
        std::vector<size_t>{0, 100});
  // Fewer than 8 jobs a thread.
  CHECK(ShardBounds(ArticleJobs(15, 1000), 2, 1) == std::vector<size_t>{0, 15});
  CHECK(ShardBounds({}, 4, 1) == std::vector<size_t>{0, 0});
}

TEST_CASE("shards are as many as the threads, of about as many bytes") {
  CHECK(ShardBounds(ArticleJobs(32, 100), 2, uint64_t{1} << 30) ==
        std::vector<size_t>{0, 16, 32});
  CHECK(ShardBounds(ArticleJobs(40, 100), 4, uint64_t{1} << 30) ==
        std::vector<size_t>{0, 10, 20, 30, 40});
}

TEST_CASE("shards of at most about shard_bytes are a multiple of the threads") {
  // 3,200 bytes on 2 threads in shards of 400: 5 rounds, 10 shards.
  const std::vector<size_t> bounds = ShardBounds(ArticleJobs(32, 100), 2, 400);
  REQUIRE(bounds.size() == 11);
  for (size_t s = 0; s + 1 < bounds.size(); ++s) {
    CAPTURE(s);
    CHECK(bounds[s + 1] - bounds[s] >= 3);
    CHECK(bounds[s + 1] - bounds[s] <= 4);
  }
  // However small shard_bytes is, at most 32 shards a thread.
  CHECK(ShardBounds(ArticleJobs(1000, 100), 2, 1).size() == 2 * 32 + 1);
}

TEST_CASE("a JSON Lines file's chunks stay in one shard") {
  std::vector<IndexJob> jobs = ArticleJobs(10, 100);
  AddJsonLinesJobs(jobs, 20, 100);  // jobs 10 to 29
  for (const IndexJob& job : ArticleJobs(10, 100)) jobs.push_back(job);
  // The middle of the bytes falls in the middle of the file: the nearer of
  // its ends is taken (on a tie, the first).
  const std::vector<size_t> bounds = ShardBounds(jobs, 2, uint64_t{1} << 30);
  CHECK(bounds == std::vector<size_t>{0, 10, 40});
  for (size_t b : bounds) {
    CAPTURE(b);
    CHECK((b == jobs.size() || jobs[b].chunk.first_line == 1));
  }
}

TEST_CASE("a fresh build's shards bring their spelling data to the merge") {
  testing::TempDir dir;
  WritableIndex index(dir / "db", false);
  REQUIRE(index.fresh());
  IndexOptions options;
  std::atomic<bool> abort{false};
  ShardedWriter writer(index, options, 2, abort);
  Xapian::WritableDatabase db = index.db();
  CorpusAliases aliases(db);
  IndexSummary summary;
  IndexSink into{&db, &aliases, &summary, {}, 100, nullptr, nullptr, {}};
  // Job j writes one article: "talks" in all, "golan" in every fourth
  // (shards 0, 1 and 2), a word of its own, and terms that are no words.
  std::map<std::string, Xapian::doccount> want;
  const bool stopped = writer.Write(
      {0, 3, 5, 9},
      [&](size_t begin, size_t end, IndexSink& shard) {
        for (size_t j = begin; j < end; ++j) {
          Xapian::Document doc;
          doc.add_term("talks");
          if (j % 4 == 0) doc.add_term("golan");
          doc.add_term("word" + std::string(1, static_cast<char>('a' + j)));
          doc.add_term("Zword");
          doc.add_term("1987");
          shard.db->add_document(doc);
        }
        return false;
      },
      into);
  CHECK_FALSE(stopped);
  for (size_t j = 0; j < 9; ++j)
    want["word" + std::string(1, static_cast<char>('a' + j))] = 1;
  want["talks"] = 9;
  want["golan"] = 3;
  // Before any pass over the merged index's vocabulary.
  std::map<std::string, Xapian::doccount> got;
  for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w)
    got[*w] = w.get_termfreq();
  CHECK(got == want);
  CHECK(db.get_doccount() == 9);
}

}  // namespace
}  // namespace gazette
