#include <doctest/doctest.h>
#include <malloc.h>
#include <xapian.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/batch/batch_request.h"
#include "gazette/batch.h"
#include "gazette/index_builder.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

using nlohmann::json;

using testing::QuietReporter;

void Build(const std::string& corpus, const std::string& db) {
  IndexOptions options;
  options.corpus_dirs = {corpus};
  options.db_path = db;
  QuietReporter reporter;
  REQUIRE(BuildIndex(options, reporter).skipped == 0);
}

// A fresh index of the fixture corpus and a searcher over it.
struct Fixture {
  testing::TempDir dir;
  Searcher searcher;
  Fixture() : searcher(Built(dir)) {}
  static std::string Built(const testing::TempDir& dir) {
    testing::WriteFixtureCorpus(dir / "corpus");
    Build(dir / "corpus", dir / "db");
    return dir / "db";
  }
};

std::vector<json> Lines(const std::string& text) {
  std::vector<json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(json::parse(line));
  return out;
}

// Fails every write after the first `budget` bytes, as a full disk does.
class FailingBuf : public std::streambuf {
 public:
  explicit FailingBuf(size_t budget) : budget_(budget) {}

 protected:
  int_type overflow(int_type c) override {
    if (budget_ == 0) return traits_type::eof();
    --budget_;
    return c;
  }

 private:
  size_t budget_;
};

TEST_CASE("batch answers every line in order, errors included") {
  Fixture f;
  Searcher& searcher = f.searcher;
  std::istringstream in(
      "talks\n"
      "{\"query\": \"talks\", \"limit\": 1, \"sort\": \"newest\"}\r\n"
      "{\"query\": 1}\n"
      "date:2026..2025\n"
      "\n"       // blank: skipped, no answer
      "zzyzx");  // no newline at the end: still a request
  std::ostringstream out;
  BatchOptions options;
  options.defaults.limit = 2;
  const BatchSummary s = RunBatch(searcher, in, out, options);
  CHECK(s.lines == 5);
  CHECK(s.answered == 3);
  CHECK(s.rejected == 2);
  CHECK(s.index_error.empty());
  CHECK(!s.output_failed);
  const auto lines = Lines(out.str());
  REQUIRE(lines.size() == 5);
  // Answers give their input line: the blank line 5 is counted.
  for (size_t i = 0; i < lines.size(); ++i)
    CHECK(lines[i]["line"] == (i < 4 ? i + 1 : i + 2));
  CHECK(lines[0]["hits"].size() == 2);  // the default limit
  CHECK(lines[1]["hits"].size() == 1);
  CHECK(lines[1]["hits"][0]["id"] == "2025/talks.txt");
  CHECK(lines[2]["kind"] == "request");
  CHECK(lines[3]["kind"] == "query");
  CHECK(lines[4]["type"] == "result");
  CHECK(lines[4]["hits"].empty());
}

TEST_CASE("batch requests see articles committed after the batch started") {
  Fixture f;
  Searcher& searcher = f.searcher;
  std::ostringstream out;
  std::istringstream first("wombat\n");
  (void)RunBatch(searcher, first, out, {});
  testing::WriteFile(f.dir / "corpus/wombat.txt",
                     "date: 2025-09-09\nA wombat.\n");
  Build(f.dir / "corpus", f.dir / "db");
  std::istringstream second("wombat\n");
  (void)RunBatch(searcher, second, out, {});
  const auto lines = Lines(out.str());
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["hits"].empty());
  REQUIRE(lines[1]["hits"].size() == 1);
  CHECK(lines[1]["hits"][0]["id"] == "wombat.txt");
}

TEST_CASE("batch stops at an index it can no longer read") {
  Fixture f;
  Searcher& searcher = f.searcher;
  std::filesystem::remove_all(f.dir / "db");
  std::istringstream in("talks\ntalks\n");
  std::ostringstream out;
  const BatchSummary s = RunBatch(searcher, in, out, {});
  CHECK(s.lines == 1);
  CHECK(!s.index_error.empty());
  const auto lines = Lines(out.str());
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["kind"] == "index");
  CHECK(lines[0]["message"] == s.index_error);
}

TEST_CASE(
    "a damaged article gives its request an error object and the batch goes "
    "on") {
  Fixture f;
  {
    // Overwrite one article's stored record, as a bad disk block would.
    Xapian::WritableDatabase db(f.dir / "db", Xapian::DB_OPEN);
    const Xapian::docid id = *db.postlist_begin("Q2024/golan.txt");
    Xapian::Document doc = db.get_document(id);
    doc.set_data("\x81garbage");
    db.replace_document(id, doc);
    db.commit();
  }
  std::istringstream in("golan\nsanctions\n");
  std::ostringstream out;
  const BatchSummary s = RunBatch(f.searcher, in, out, {});
  CHECK(s.lines == 2);
  CHECK(s.damaged == 1);
  CHECK(s.answered == 1);
  CHECK(s.index_error.empty());
  const auto lines = Lines(out.str());
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["type"] == "error");
  CHECK(lines[0]["kind"] == "article");
  const std::string message = lines[0]["message"];
  CHECK(message.find("'2024/golan.txt'") != std::string::npos);
  CHECK(message.find("--rebuild") != std::string::npos);
  CHECK(lines[1]["type"] == "result");
  REQUIRE(lines[1]["hits"].size() == 1);
  CHECK(lines[1]["hits"][0]["id"] == "2025/talks.txt");
}

TEST_CASE("batch stops reading when its output fails") {
  Fixture f;
  Searcher& searcher = f.searcher;
  for (const unsigned jobs : {1u, 3u}) {
    CAPTURE(jobs);
    std::string many;
    for (int i = 0; i < 100; ++i) many += "talks\n";
    std::istringstream in(many);
    FailingBuf buf(5000);
    std::ostream out(&buf);
    BatchOptions options;
    options.jobs = jobs;
    const BatchSummary s = RunBatch(searcher, in, out, options);
    CHECK(s.output_failed);
    CHECK(s.lines < 100);
    // What was read but not written is not read on and on: at most a few
    // lines per thread are in flight.
    const auto consumed =
        in.rdbuf()->pubseekoff(0, std::ios::cur, std::ios::in);
    CHECK(consumed < static_cast<std::streamoff>(many.size()));
  }
}

// The answers without their timings, which differ from run to run.
std::vector<json> Untimed(const std::string& text) {
  std::vector<json> lines = Lines(text);
  for (json& line : lines) line.erase("seconds");
  return lines;
}

TEST_CASE("batch on several threads answers in input order, as one does") {
  Fixture f;
  // Requests of every kind and very different costs, so that threads
  // finish them out of order: facets over every match, misses, errors.
  const std::vector<std::string> kinds = {
      R"({"query": "talks", "facets": true, "limit": 50})",
      "zzyzx",
      R"({"query": 1})",
      "golan",
      "date:2026..2025",
      R"({"query": "talk*", "sort": "oldest", "limit": 1})",
      R"({"query": "security official", "plain": true})",
  };
  std::string requests;
  for (int i = 0; i < 30; ++i) {
    for (size_t k = 0; k < kinds.size(); ++k) {
      requests += kinds[(k * 3 + static_cast<size_t>(i)) % kinds.size()];
      requests += '\n';
    }
  }
  std::vector<json> answers[2];
  BatchSummary summaries[2];
  const unsigned jobs[] = {1, 4};
  for (int run = 0; run < 2; ++run) {
    std::istringstream in(requests);
    std::ostringstream out;
    BatchOptions options;
    options.jobs = jobs[run];
    summaries[run] = RunBatch(f.searcher, in, out, options);
    answers[run] = Untimed(out.str());
  }
  REQUIRE(answers[0].size() == 30 * kinds.size());
  CHECK(answers[1] == answers[0]);
  for (size_t i = 0; i < answers[1].size(); ++i)
    CHECK(answers[1][i]["line"] == i + 1);
  CHECK(summaries[1].lines == summaries[0].lines);
  CHECK(summaries[1].answered == summaries[0].answered);
  CHECK(summaries[1].rejected == summaries[0].rejected);
  CHECK(summaries[0].rejected == 2 * 30);
}

// Swallows output, holding no memory for it.
class NullBuf : public std::streambuf {
 protected:
  int_type overflow(int_type c) override { return c; }
};

TEST_CASE("a long batch of malformed queries does not grow memory") {
  Fixture f;
  const auto run = [&](int requests) {
    std::string lines;
    for (int i = 0; i < requests; ++i)
      lines += "date:2026..2025\nperson:\"\" golan\n";
    std::istringstream in(lines);
    NullBuf null;
    std::ostream out(&null);
    const BatchSummary s = RunBatch(f.searcher, in, out, {});
    CHECK(s.rejected == s.lines);
  };
  run(50);  // caches and pools reach their size
  const size_t before = mallinfo2().uordblks;
  run(2000);
  const size_t after = mallinfo2().uordblks;
  // Each bad field thrown through the query parser used to leave 72 bytes
  // behind: 288 KB for these 4000 requests.
  CHECK(after < before + 32 * 1024);
}

TEST_CASE("an over-long line is refused and the next line still answered") {
  Fixture f;
  Searcher& searcher = f.searcher;
  std::istringstream in(std::string(kMaxBatchLineBytes + 10, 'x') +
                        "\ntalks\n");
  std::ostringstream out;
  const BatchSummary s = RunBatch(searcher, in, out, {});
  CHECK(s.lines == 2);
  const auto lines = Lines(out.str());
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["kind"] == "request");
  CHECK(lines[0]["message"].get<std::string>().find("longer than the limit") !=
        std::string::npos);
  CHECK(lines[1]["type"] == "result");
}

}  // namespace
}  // namespace gazette
