// The hostile-option suite: every numeric option of both programs, and of
// batch requests, given -1, 0, a huge number, text and the edges of its
// range. A value out of range is a usage error (exit 2) in one line that
// names the option and the range, before any work starts: no index is
// created, no thread started. CTest runs it as its own entry
// (hostile_options), under the sanitizers too.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "gazette/batch.h"
#include "gazette/error.h"
#include "gazette/index_builder.h"
#include "gazette/index_stats.h"
#include "gazette/searcher.h"
#include "tests/e2e/e2e_support.h"

namespace gazette {
namespace {

using nlohmann::json;
using testing::FixtureDb;
using testing::kIndexer;
using testing::kSearcher;
using testing::Run;
using testing::RunResult;
using testing::TempDir;

// One numeric option: how to run a command with it, and its range.
struct NumericOptionCase {
  std::string program;              // kIndexer or kSearcher
  std::vector<std::string> before;  // arguments before the option
  std::string option;               // "--jobs"
  std::vector<std::string> after;   // arguments after its value
  std::string input;                // stdin
  long long min;
  long long max;
  // Values in range the test runs for real (the maximum may be too costly:
  // 256 threads).
  std::vector<std::string> accepted;
};

TEST_SUITE("hostile_options") {
  TEST_CASE(
      "every numeric option refuses values out of its range before any "
      "work") {
    TempDir dir;
    testing::WriteFixtureCorpus(dir / "corpus");
    const std::string db = FixtureDb();
    const std::string corpus = dir / "corpus";
    const std::vector<NumericOptionCase> cases = {
        {kIndexer,
         {"build", corpus, "--db"},
         "--jobs",
         {},
         "",
         0,
         256,
         {"0", "1", "2"}},
        {kIndexer, {"build", corpus, "--db"}, "-j", {}, "", 0, 256, {"1"}},
        {kIndexer,
         {"build", corpus, "--db"},
         "--commit-every",
         {},
         "",
         1,
         10000,
         {"1", "10000"}},
        {kSearcher,
         {"--db", db, "talks"},
         "--limit",
         {},
         "",
         0,
         10000,
         {"0", "10000"}},
        {kSearcher, {"--db", db, "talks"}, "-n", {}, "", 0, 10000, {"1"}},
        {kSearcher,
         {"--db", db, "talks"},
         "--offset",
         {},
         "",
         0,
         1000000,
         {"0", "1000000"}},
        {kSearcher,
         {"--db", db, "--batch"},
         "--jobs",
         {},
         "talks\n",
         0,
         256,
         {"0", "1", "3"}},
        {kSearcher,
         {"--db", db, "--complete-name", "person:d"},
         "--limit",
         {},
         "",
         0,
         10000,
         {"0", "10000"}},
    };
    int runs = 0;
    for (const NumericOptionCase& c : cases) {
      std::vector<std::string> refused = {"-1",
                                          "ten",
                                          "",
                                          "1e3",
                                          "+5",
                                          "0x10",
                                          " 5",
                                          "5 ",
                                          "5abc",
                                          "3.0",
                                          "99999999999999999999999",
                                          "--",
                                          std::to_string(c.max + 1)};
      if (c.min > 0) refused.push_back(std::to_string(c.min - 1));
      for (const std::string& value : refused) {
        // Each build gets a fresh index path, which must not appear.
        const std::string new_db = dir / ("refused" + std::to_string(++runs));
        std::vector<std::string> argv = {c.program};
        argv.insert(argv.end(), c.before.begin(), c.before.end());
        if (c.program == kIndexer) argv.push_back(new_db);
        argv.push_back(c.option);
        argv.push_back(value);
        argv.insert(argv.end(), c.after.begin(), c.after.end());
        const RunResult r = Run(argv, c.input);
        CAPTURE(c.option);
        CAPTURE(value);
        CAPTURE(r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        const std::string name =
            c.option.starts_with("--")
                ? c.option
                : (c.option == "-j" ? "--jobs" : "--limit");
        CHECK(r.err.find(name + " must be an integer from " +
                         std::to_string(c.min) + " to " +
                         std::to_string(c.max)) != std::string::npos);
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
        CHECK(!std::filesystem::exists(new_db));
      }
      for (const std::string& value : c.accepted) {
        std::vector<std::string> argv = {c.program};
        argv.insert(argv.end(), c.before.begin(), c.before.end());
        if (c.program == kIndexer)
          argv.push_back(dir / ("accepted" + std::to_string(++runs)));
        argv.push_back(c.option);
        argv.push_back(value);
        argv.insert(argv.end(), c.after.begin(), c.after.end());
        const RunResult r = Run(argv, c.input);
        CAPTURE(c.option);
        CAPTURE(value);
        CAPTURE(r.err);
        CHECK(r.exit_code <= 1);
      }
    }
  }

  TEST_CASE(
      "--format-version takes any integer, and exits 4 for one it cannot "
      "write") {
    for (const char* value : {"ten", "", "1e3", "99999999999999999999"}) {
      CAPTURE(value);
      const RunResult r = Run({kSearcher, "--db", FixtureDb(), "--format",
                               "json", "--format-version", value, "talks"});
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("--format-version must be an integer, got '" +
                       std::string(value) + "'") != std::string::npos);
    }
    for (const char* value : {"-1", "0", "2", "2147483647"}) {
      CAPTURE(value);
      const RunResult r = Run({kSearcher, "--db", FixtureDb(), "--format",
                               "json", "--format-version", value, "talks"});
      CHECK(r.exit_code == 4);
    }
  }

  TEST_CASE("indexer stats --top takes 0 to 10000") {
    const std::string db = FixtureDb();
    for (const char* value : {"-1", "ten", "10001", "99999999999999999999"}) {
      CAPTURE(value);
      const RunResult r = Run({kIndexer, "stats", "--db", db, "--top", value});
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("--top must be an integer from 0 to 10000") !=
            std::string::npos);
    }
    for (const char* value : {"0", "10000"}) {
      CAPTURE(value);
      const RunResult r = Run(
          {kIndexer, "stats", "--db", db, "--format", "json", "--top", value});
      REQUIRE(r.exit_code == 0);
      const json stats = json::parse(r.out);
      if (std::string(value) == "0") {
        CHECK(stats["top"]["person"].empty());
      } else {
        CHECK(stats["top"]["person"].size() >= 2);
      }
    }
  }

  TEST_CASE("the library refuses the same out-of-range numbers") {
    class Quiet : public IndexReporter {
     public:
      void Warning(std::string_view, std::string_view) override {}
    } reporter;
    TempDir dir;
    testing::WriteFixtureCorpus(dir / "corpus");
    const auto kind_of = [](auto&& call) {
      try {
        call();
      } catch (const Error& e) {
        return std::optional<ErrorKind>(e.kind());
      }
      return std::optional<ErrorKind>();
    };
    for (const auto& [jobs, commit_every] :
         {std::pair<unsigned, size_t>{kMaxIndexJobs + 1, 10},
          std::pair<unsigned, size_t>{4294967295u, 10},
          std::pair<unsigned, size_t>{1, 0},
          std::pair<unsigned, size_t>{1, kMaxCommitEvery + 1}}) {
      IndexOptions options;
      options.corpus_dirs = {dir / "corpus"};
      options.db_path = dir / "db";
      options.jobs = jobs;
      options.commit_every = commit_every;
      CHECK(kind_of([&] { (void)BuildIndex(options, reporter); }) ==
            ErrorKind::kUsage);
      CHECK(!std::filesystem::exists(dir / "db"));
    }
    Searcher searcher(FixtureDb());
    SearchRequest request;
    request.query = "talks";
    request.limit = kMaxLimit + 1;
    CHECK(kind_of([&] { (void)searcher.Search(request); }) ==
          ErrorKind::kQuery);
    request.limit = 1;
    request.offset = kMaxOffset + 1;
    CHECK(kind_of([&] { (void)searcher.Search(request); }) ==
          ErrorKind::kQuery);
    std::istringstream in("talks\n");
    std::ostringstream out;
    BatchOptions batch;
    batch.jobs = kMaxBatchJobs + 1;
    CHECK(kind_of([&] { (void)RunBatch(searcher, in, out, batch); }) ==
          ErrorKind::kUsage);
    CHECK(out.str().empty());
    CHECK(kind_of([&] {
            (void)ComputeIndexStats(FixtureDb(), kMaxStatsTop + 1);
          }) == ErrorKind::kUsage);
  }

  TEST_CASE("batch requests' numbers have the command line's ranges") {
    const std::string input =
        "{\"limit\": -1, \"query\": \"talks\"}\n"
        "{\"limit\": 10001, \"query\": \"talks\"}\n"
        "{\"limit\": 99999999999999999999, \"query\": \"talks\"}\n"
        "{\"limit\": \"ten\", \"query\": \"talks\"}\n"
        "{\"offset\": 1000001, \"query\": \"talks\"}\n"
        "{\"limit\": 10000, \"offset\": 1000000, \"query\": \"talks\"}\n";
    const RunResult r = Run({kSearcher, "--db", FixtureDb(), "--batch"}, input);
    CHECK(r.exit_code == 2);
    std::vector<json> answers;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);)
      answers.push_back(json::parse(line));
    REQUIRE(answers.size() == 6);
    for (size_t i = 0; i < 5; ++i) {
      CAPTURE(i);
      CHECK(answers[i]["type"] == "error");
      CHECK(answers[i]["kind"] == "request");
      const std::string field = i == 4 ? "offset" : "limit";
      CHECK(answers[i]["message"].get<std::string>().find(
                "field '" + field + "' must be an integer from 0 to " +
                (i == 4 ? "1000000" : "10000")) != std::string::npos);
    }
    CHECK(answers[5]["type"] == "result");
  }
}

}  // namespace
}  // namespace gazette
