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
        {kIndexer,
         {"build", corpus, "--db"},
         "--shards",
         {},
         "",
         1,
         1024,
         {"1", "2"}},
        {kIndexer,
         {"build", corpus, "--db"},
         "--changesets",
         {},
         "",
         0,
         100000,
         {"0", "100000"}},
        {kSearcher,
         {"--db", db, "talks"},
         "--connect-timeout",
         {},
         "",
         1,
         3600000,
         {"1", "3600000"}},
        {kSearcher,
         {"--db", db, "talks"},
         "--timeout",
         {},
         "",
         1,
         3600000,
         {"1", "3600000"}},
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
        // 1 to 999 are refused too, in their own words (e2e_test.cc).
        {kSearcher,
         {"--db", db, "--facets"},
         "--facet-sample",
         {"talks"},
         "",
         0,
         100000000,
         {"0", "1000", "100000000"}},
        {kSearcher,
         {"--db", db, "--like", "2025/talks.txt"},
         "--within-days",
         {},
         "",
         0,
         36500,
         {"0", "36500"}},
        // Accepted values would start a server: only refusals are run.
        {kSearcher,
         {"--db", db, "--serve", "0"},
         "--serve-clients",
         {},
         "",
         1,
         256,
         {}},
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

  TEST_CASE(
      "every option given where it would do nothing, or with one it "
      "excludes, is refused in one line") {
    const std::string db = FixtureDb();
    struct Case {
      std::vector<std::string> argv;
      std::string message;
      std::string input = "";
    };
    const std::vector<Case> cases = {
        // Modes are exclusive.
        {{kSearcher, "--count", "--batch"}, "modes of their own"},
        {{kSearcher, "--count", "--complete-name", "place:g"},
         "modes of their own"},
        {{kSearcher, "--batch", "--complete-name", "place:g"},
         "modes of their own"},
        {{kSearcher, "--expand", "--no-expand", "talks"},
         "--expand and --no-expand contradict each other"},
        {{kSearcher, "--highlight", "none", "--highlight-markers", "[", "]",
          "talks"},
         "--highlight-markers needs --highlight markers"},
        // --count prints one number.
        {{kSearcher, "--count", "--facets", "talks"},
         "--facets does nothing with --count"},
        {{kSearcher, "--count", "-n", "3", "talks"},
         "--limit does nothing with --count"},
        {{kSearcher, "--count", "--offset", "3", "talks"},
         "--offset does nothing with --count"},
        {{kSearcher, "--count", "--sort", "newest", "talks"},
         "--sort does nothing with --count"},
        {{kSearcher, "--count", "--expand", "talks"},
         "--expand does nothing with --count"},
        {{kSearcher, "--count", "--format", "text", "talks"},
         "--format does nothing with --count"},
        {{kSearcher, "--count", "--highlight", "ansi", "talks"},
         "--highlight does nothing with --count"},
        {{kSearcher, "--count", "-0", "talks"},
         "--null does nothing with --count"},
        {{kSearcher, "--count", "--jobs", "2", "talks"},
         "--jobs does nothing with --count"},
        // Options of one format given with another.
        {{kSearcher, "--format", "json", "--highlight", "none", "talks"},
         "--highlight does nothing with --format json (it is for --format "
         "text)"},
        {{kSearcher, "--format", "jsonl", "--highlight-markers", "[", "]",
          "talks"},
         "--highlight-markers does nothing with --format jsonl"},
        {{kSearcher, "--format", "tsv", "--facets", "talks"},
         "--facets does nothing with --format tsv"},
        {{kSearcher, "--format", "tsv", "--exact", "talks"},
         "--exact does nothing with --format tsv"},
        {{kSearcher, "--format", "paths", "--facets", "talks"},
         "--facets does nothing with --format paths"},
        {{kSearcher, "--format", "paths", "--highlight", "none", "talks"},
         "--highlight does nothing with --format paths"},
        {{kSearcher, "-0", "talks"},
         "--null does nothing with --format text (it is for --format paths)"},
        {{kSearcher, "--format", "tsv", "--null", "talks"},
         "--null does nothing with --format tsv"},
        {{kSearcher, "--jobs", "2", "talks"},
         "--jobs does nothing with --format text (it is for --batch"},
        // --batch answers in JSON, reading its queries from stdin.
        {{kSearcher, "--batch", "talks"}, "give no QUERY", "talks\n"},
        {{kSearcher, "--batch", "--format", "text"},
         "leave out --format",
         "talks\n"},
        {{kSearcher, "--batch", "--highlight", "none"},
         "--highlight does nothing with --batch",
         "talks\n"},
        {{kSearcher, "--batch", "-0"},
         "--null does nothing with --batch",
         "talks\n"},
        // --complete-name lists names, at most --limit.
        {{kSearcher, "--complete-name", "place:g", "talks"}, "give no QUERY"},
        {{kSearcher, "--complete-name", "place:g", "--offset", "1"},
         "--offset does nothing with --complete-name"},
        {{kSearcher, "--complete-name", "place:g", "--facets"},
         "--facets does nothing with --complete-name"},
        {{kSearcher, "--complete-name", "place:g", "--exact"},
         "--exact does nothing with --complete-name"},
        {{kSearcher, "--complete-name", "place:g", "--person", "trump"},
         "--person does nothing with --complete-name"},
        {{kSearcher, "--complete-name", "place:g", "--since", "2025"},
         "--since does nothing with --complete-name"},
        {{kSearcher, "--complete-name", "place:g", "--plain"},
         "--plain does nothing with --complete-name"},
        {{kSearcher, "--complete-name", "place:g", "--format-version", "1"},
         "--format-version does nothing with --complete-name"},
        {{kSearcher, "--complete-name", "place:g", "--highlight", "none"},
         "--highlight does nothing with --complete-name"},
        // The indexer's options each belong to one command.
        {{kIndexer, "build", "corpus", "--top", "3"},
         "--top does nothing with build (it is for stats)"},
        {{kIndexer, "build", "corpus", "--format", "json"},
         "--format does nothing with build (it is for stats)"},
        {{kIndexer, "stats", "--rebuild"},
         "--rebuild does nothing with stats (it is for build)"},
        {{kIndexer, "stats", "--jobs", "2"},
         "--jobs does nothing with stats (it is for build)"},
        {{kIndexer, "stats", "--commit-every", "5"},
         "--commit-every does nothing with stats (it is for build)"},
    };
    TempDir dir;
    for (Case c : cases) {
      // Against a real index, so that nothing but the options is wrong.
      c.argv.insert(c.argv.begin() + (c.argv[0] == kIndexer ? 2 : 1),
                    {"--db", c.argv[0] == kIndexer ? dir / "new" : db});
      const RunResult r = Run(c.argv, c.input);
      CAPTURE(c.message);
      CAPTURE(r.err);
      CHECK(r.exit_code == 2);
      CHECK(r.out.empty());
      CHECK(r.err.find(c.message) != std::string::npos);
      CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
      CHECK(!std::filesystem::exists(dir / "new"));
    }
    // What restates the mode is accepted.
    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{
             {"--count", "--exact", "talks"},
             {"--facets", "--exact", "talks"},
             {"--plain", "--expand", "--any", "talks"},
             {"--format", "json", "--format-version", "1", "talks"},
             {"--format", "paths", "-0", "talks"},
             {"--batch", "--format", "json", "--jobs", "2", "--facets"},
             {"--complete-name", "place:g", "--limit", "3"}}) {
      std::vector<std::string> argv = {kSearcher, "--db", db};
      argv.insert(argv.end(), args.begin(), args.end());
      const RunResult r = Run(argv, "talks\n");
      CAPTURE(args.front());
      CAPTURE(r.err);
      CHECK(r.exit_code == 0);
    }
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
