// Searching while the indexer commits: searcher processes (one per query,
// and one --batch process held open) run without pause while a build
// commits many times. No query may fail, and every answer must be one that
// some committed state of the index gives.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "common/index/stored_fields.h"
#include "tests/reliability/reliability_support.h"
#include "tests/support/piped_process.h"
#include "tests/support/synthetic_corpus.h"

namespace gazette::testing {
namespace {

using nlohmann::json;

TEST_SUITE_BEGIN("concurrency");

struct Reference {
  std::string title;
  std::optional<std::string> date;
};

// What every worker found wrong, and how much it did.
struct Tally {
  std::mutex mutex;
  std::vector<std::string> failures;
  std::atomic<long> answered{0};

  void Fail(const std::string& what) {
    std::lock_guard<std::mutex> lock(mutex);
    if (failures.size() < 20) failures.push_back(what);
  }
};

// The queries the searchers cycle through, as batch requests; each is also
// turned into a command line. The first counts every article exactly.
const std::vector<json>& Requests() {
  static const std::vector<json> requests = {
      {{"query", kSyntheticMarker}, {"exact", true}, {"limit", 5}},
      {{"query", "talks"}, {"facets", true}},
      {{"query", "minister OR border"}, {"sort", "newest"}, {"limit", 3}},
      {{"query", "\"the newsroom said\""}, {"since", "2000"}},
      {{"query", "ka*"}, {"limit", 2}, {"offset", 1}},
      {{"query", ""}, {"place", "chad"}, {"sort", "oldest"}},
  };
  return requests;
}

std::vector<std::string> CommandLine(const json& request,
                                     const std::string& db) {
  std::vector<std::string> argv = {TestBinaries().searcher, "--db", db,
                                   "--format", "json"};
  for (const auto& [key, value] : request.items()) {
    if (key == "query") continue;
    if (value.is_boolean()) {
      if (value.get<bool>()) argv.push_back("--" + key);
    } else {
      argv.push_back("--" + key);
      argv.push_back(value.is_string() ? value.get<std::string>()
                                       : value.dump());
    }
  }
  argv.push_back("--");
  argv.push_back(request["query"]);
  return argv;
}

// The marker counts one worker saw: a build that only adds never makes it
// go down; a --rebuild may, once, when it empties the index.
struct CountTrend {
  uint64_t last = 0;
  int rebuilds_seen = 0;
  int drops_allowed = 0;

  // Called as a query starts.
  void Starting(int rebuilds_started) {
    drops_allowed += rebuilds_started - rebuilds_seen;
    rebuilds_seen = rebuilds_started;
  }
};

// Checks one answer against the clean build and the committed counts.
void CheckAnswer(const json& answer, size_t request_index,
                 const std::map<std::string, Reference>& reference,
                 const std::set<uint64_t>& committed_totals, CountTrend* trend,
                 Tally& tally, const std::string& who) {
  if (answer.value("type", "") != "result") {
    tally.Fail(who + ": not a result: " + answer.dump());
    return;
  }
  for (const json& hit : answer["hits"]) {
    const std::string id = hit["id"];
    const auto it = reference.find(id);
    if (it == reference.end()) {
      tally.Fail(who + ": hit '" + id + "' is no article of the corpus");
    } else if (hit["title"] != it->second.title ||
               (hit["date"].is_null()
                    ? std::optional<std::string>()
                    : std::optional<std::string>(
                          hit["date"].get<std::string>())) != it->second.date) {
      tally.Fail(who + ": hit '" + id + "' has another title or date");
    }
  }
  if (request_index == 0) {
    const uint64_t total = answer["total"]["lower"];
    if (!answer["total"]["exact"].get<bool>() ||
        !committed_totals.count(total)) {
      tally.Fail(who + ": " + std::to_string(total) +
                 " articles is no committed state's count");
    }
    if (total < trend->last && trend->drops_allowed-- <= 0) {
      tally.Fail(who + ": the count went down from " +
                 std::to_string(trend->last) + " to " + std::to_string(total));
    }
    trend->last = total;
  }
  ++tally.answered;
}

TEST_CASE(
    "searchers run without a failed query while the indexer commits, and "
    "every answer is a committed state's") {
  const uint64_t seed =
      static_cast<uint64_t>(EnvInt("GAZETTE_RELIABILITY_SEED", 6));
  const uint64_t files = static_cast<uint64_t>(
      EnvInt("GAZETTE_RELIABILITY_CONCURRENT_ARTICLES", 1200));
  const uint64_t commit_every = 20;
  TempDir dir;
  const std::string corpus = dir / "corpus";
  const std::string db = dir / "db";
  // Article files only: each writes one document, so the build commits at
  // exact multiples of commit_every and the committed counts are known.
  CorpusState state = SyntheticState(files, seed);
  std::erase_if(
      state, [](const auto& entry) { return entry.first.ends_with(".jsonl"); });
  Materialize(corpus, {}, state);
  const uint64_t articles = state.size();
  std::set<uint64_t> committed_totals = {0, articles};
  for (uint64_t n = commit_every; n <= articles; n += commit_every)
    committed_totals.insert(n);

  // The answers must agree with the articles as a clean build has them.
  const std::string clean = dir / "clean";
  REQUIRE(
      Run({TestBinaries().indexer, "build", corpus, "--db", clean}).exit_code ==
      0);
  std::map<std::string, Reference> reference;
  for (const auto& [id, article] : DumpIndex(clean).articles) {
    const Article doc = DecodeArticleData(article.data).value();
    reference[doc.id] = {
        doc.title, doc.date ? std::optional<std::string>(doc.date->ToIso())
                            : std::nullopt};
  }

  // The index exists, empty, before the searchers start. (A build from a
  // directory with no article says so and exits 1.)
  std::filesystem::create_directories(dir / "empty");
  REQUIRE(Run({TestBinaries().indexer, "build", dir / "empty", "--db", db})
              .exit_code == 1);
  Tally tally;
  std::atomic<bool> indexing{true};
  std::atomic<int> rebuilds{0};
  const auto one_process_per_query = [&](int worker) {
    CountTrend trend;
    bool after = false;
    for (size_t i = static_cast<size_t>(worker);; ++i) {
      trend.Starting(rebuilds);
      // One more round of queries once the build is over.
      if (!indexing && after && i % Requests().size() == 0) break;
      if (!indexing) after = true;
      const size_t r = i % Requests().size();
      const bool first_build = rebuilds == 0;
      RunResult run = Run(CommandLine(Requests()[r], db));
      const std::string who =
          "process " + std::to_string(worker) + " query " + std::to_string(r);
      // The first build is announced, and only it: during the rebuild the
      // old index answers in full.
      if (first_build &&
          run.err.rfind(
              "searcher: the index is being built for the first time (", 0) ==
              0)
        run.err.erase(0, run.err.find('\n') + 1);
      if (run.exit_code > 1 || !run.err.empty()) {
        tally.Fail(who + ": exit " + std::to_string(run.exit_code) + ": " +
                   run.err);
        continue;
      }
      try {
        json answer = json::parse(run.out);
        answer["type"] = answer.value("type", "result");
        CheckAnswer(answer, r, reference, committed_totals, &trend, tally, who);
      } catch (const std::exception& e) {
        tally.Fail(who + ": " + e.what());
      }
    }
  };
  long batch_answers = 0;
  const auto batch = [&] {
    PipedProcess searcher({TestBinaries().searcher, "--db", db, "--batch"});
    CountTrend trend;
    bool after = false;
    for (size_t i = 0;; ++i) {
      trend.Starting(rebuilds);
      if (!indexing && after && i % Requests().size() == 0) break;
      if (!indexing) after = true;
      const size_t r = i % Requests().size();
      if (!searcher.Write(Requests()[r].dump() + "\n")) {
        tally.Fail("batch: stopped reading");
        return;
      }
      const auto line = searcher.ReadLine();
      if (!line) {
        tally.Fail("batch: no answer to request " + std::to_string(i + 1));
        return;
      }
      try {
        CheckAnswer(json::parse(*line), r, reference, committed_totals, &trend,
                    tally, "batch query " + std::to_string(r));
        ++batch_answers;
      } catch (const std::exception& e) {
        tally.Fail(std::string("batch: ") + e.what());
      }
    }
    const RunResult end = searcher.Finish();
    if (end.exit_code != 0)
      tally.Fail("batch exited " + std::to_string(end.exit_code) + ": " +
                 end.err);
  };

  std::vector<std::thread> workers;
  workers.emplace_back(one_process_per_query, 0);
  workers.emplace_back(one_process_per_query, 1);
  workers.emplace_back(batch);
  // A build from empty, then a --rebuild, both committing every 20
  // articles while the searchers run.
  const double start = MonotonicSeconds();
  std::vector<RunResult> builds;
  for (const bool rebuild : {false, true}) {
    std::vector<std::string> argv = {TestBinaries().indexer,
                                     "build",
                                     corpus,
                                     "--db",
                                     db,
                                     "--jobs",
                                     "1",
                                     "--commit-every",
                                     std::to_string(commit_every)};
    if (rebuild) {
      argv.push_back("--rebuild");
      ++rebuilds;
    }
    builds.push_back(Run(argv));
  }
  const double seconds = MonotonicSeconds() - start;
  indexing = false;
  for (auto& t : workers) t.join();

  for (const RunResult& build : builds)
    CHECK_MESSAGE(build.exit_code == 0, build.err);
  CHECK(DescribeDifferences(DumpIndex(db), DumpIndex(clean)) == "");
  std::string failures;
  for (const auto& f : tally.failures) failures += f + "\n";
  CHECK_MESSAGE(tally.failures.empty(), failures);
  MESSAGE(tally.answered.load()
          << " answers (" << batch_answers << " in batch mode) "
          << "while two builds made " << 2 * (articles / commit_every + 1)
          << " commits in " << seconds << " s");
  CHECK(tally.answered > 50);
}

TEST_SUITE_END();

}  // namespace
}  // namespace gazette::testing
