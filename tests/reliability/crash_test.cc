// Crash safety of the real indexer: SIGKILL at random moments, SIGINT and
// SIGTERM, a second writer, a full disk and a read-only index. After each,
// the index must be healthy and the next build must end with exactly what a
// clean build of the same corpus has.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

#include "common/index/index_database.h"
#include "tests/reliability/reliability_support.h"
#include "tests/support/synthetic_corpus.h"

namespace gazette::testing {
namespace {

TEST_SUITE_BEGIN("crash");

namespace fs = std::filesystem;

// Knobs for longer runs (scripts/reliability.sh sets them).
uint64_t Articles() {
  return static_cast<uint64_t>(EnvInt("GAZETTE_RELIABILITY_ARTICLES", 600));
}
uint64_t Seed() {
  return static_cast<uint64_t>(EnvInt("GAZETTE_RELIABILITY_SEED", 6));
}
long Kills() { return EnvInt("GAZETTE_RELIABILITY_KILLS", 20); }
// Index sizes, in percent of the whole index's, of the full disks that a
// build meets: the first and last always, then evenly between them, as many
// as GAZETTE_RELIABILITY_DISK_FILLS (1 to 5) says.
std::vector<uint64_t> DiskFills() {
  const std::vector<uint64_t> all = {15, 25, 35, 50, 70};
  const auto n = static_cast<size_t>(
      std::clamp<long>(EnvInt("GAZETTE_RELIABILITY_DISK_FILLS", 5), 1, 5));
  if (n == 1) return {all.back()};
  std::vector<uint64_t> picked;
  for (size_t i = 0; i < n; ++i)
    picked.push_back(all[i * (all.size() - 1) / (n - 1)]);
  return picked;
}
std::string CommitEvery() {
  return std::to_string(std::max<uint64_t>(5, Articles() / 40));
}

RunResult IndexerBuild(const std::string& corpus, const std::string& db,
                       std::vector<std::string> extra = {}) {
  std::vector<std::string> argv = {
      TestBinaries().indexer, "build",      corpus, "--db", db,
      "--commit-every",       CommitEvery()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return Run(argv);
}

// A build that is to fail on a full or read-only disk. In the sanitized
// build, LeakSanitizer is off for it: a Xapian::Database::compact() or
// WritableDatabase::commit() that fails there leaks its tables' buffers
// inside Xapian (once, before the indexer exits 3), which would make the
// exit code LeakSanitizer's. Ignored by the plain build.
RunResult FailingIndexerBuild(const std::string& corpus,
                              const std::string& db) {
  const std::vector<std::string> argv = {
      TestBinaries().indexer, "build",      corpus, "--db", db,
      "--commit-every",       CommitEvery()};
  return Run(argv, "", {{"ASAN_OPTIONS", "detect_leaks=0"}});
}

std::vector<std::string> BuildArgv(const std::string& corpus,
                                   const std::string& db, bool rebuild) {
  std::vector<std::string> argv = {
      TestBinaries().indexer, "build",      corpus, "--db", db,
      "--commit-every",       CommitEvery()};
  if (rebuild) argv.push_back("--rebuild");
  return argv;
}

// Two corpus states, A and B (B is A after random changes), with a clean
// build of each to compare against, and how long building takes.
struct Fixture {
  TempDir dir;
  std::string corpus = dir / "corpus";
  CorpusState a, b;
  IndexDump clean_a, clean_b;
  double full_seconds = 0;
  double incremental_seconds = 0;
  CorpusState on_disk;

  void Switch(const CorpusState& to) {
    Materialize(corpus, on_disk, to);
    on_disk = to;
  }
  const IndexDump& CleanFor(const CorpusState& s) const {
    return &s == &a ? clean_a : clean_b;
  }
};

Fixture& Shared() {
  static Fixture f;
  static const bool ready = [] {
    std::mt19937_64 rng(Seed());
    uint64_t serial = Articles();
    f.a = SyntheticState(Articles(), Seed());
    ChangeMix mix;
    mix.add = 10;
    mix.edit = 15;
    mix.remove = 8;
    f.b = RandomChanges(f.a, rng, Seed(), &serial, mix);
    f.Switch(f.a);
    const std::string db_a = f.dir / "clean-a";
    double start = MonotonicSeconds();
    const RunResult ra = IndexerBuild(f.corpus, db_a);
    f.full_seconds = MonotonicSeconds() - start;
    REQUIRE_MESSAGE(ra.exit_code == 0, ra.err);
    f.clean_a = DumpIndex(db_a);
    f.Switch(f.b);
    start = MonotonicSeconds();
    const RunResult rab = IndexerBuild(f.corpus, db_a);
    f.incremental_seconds = MonotonicSeconds() - start;
    REQUIRE_MESSAGE(rab.exit_code == 0, rab.err);
    const std::string db_b = f.dir / "clean-b";
    const RunResult rb = IndexerBuild(f.corpus, db_b);
    REQUIRE_MESSAGE(rb.exit_code == 0, rb.err);
    f.clean_b = DumpIndex(db_b);
    // The incremental build A -> B already has to equal the clean one.
    REQUIRE(DescribeDifferences(DumpIndex(db_a), f.clean_b) == "");
    REQUIRE(f.clean_a.articles.size() == ArticleCount(f.a));
    MESSAGE("fixture: " << ArticleCount(f.a) << " articles, clean build "
                        << f.full_seconds << " s, incremental A->B "
                        << f.incremental_seconds << " s, seed " << Seed());
    return true;
  }();
  (void)ready;
  return f;
}

// The lines of a program's stderr that are errors ("indexer: ..."), as
// opposed to per-file warnings ("path: reason").
std::vector<std::string> ErrorLines(const std::string& err) {
  std::vector<std::string> lines;
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("indexer: ", 0) == 0) lines.push_back(line);
  }
  return lines;
}

void SleepSeconds(double s) {
  std::this_thread::sleep_for(std::chrono::duration<double>(s));
}

TEST_CASE(
    "SIGKILL at random moments never damages the index, and the next build "
    "finishes the job exactly") {
  Fixture& f = Shared();
  const std::string db = f.dir / "killed";
  std::mt19937_64 rng(Seed() * 31 + 1);
  const auto uniform = [&](double hi) {
    return hi * static_cast<double>(rng() % 1'000'000) / 1e6;
  };
  const CorpusState* target = &f.a;
  f.Switch(f.a);
  bool index_complete = false;  // the index matches the corpus on disk
  long kills = 0, finished_early = 0, chained = 0, rebuilds = 0;
  for (long attempt = 0; kills < Kills() && attempt < Kills() * 5; ++attempt) {
    // A complete index has nothing to do: change the corpus under it or
    // rebuild it from scratch. After a kill, carry on, sometimes with the
    // corpus changed meanwhile.
    bool rebuild = false;
    double expected = f.full_seconds;
    if (index_complete) {
      rebuild = rng() % 2 == 0;
      if (!rebuild) expected = f.incremental_seconds;
    }
    if (!rebuild && (index_complete || rng() % 2 == 0)) {
      target = target == &f.a ? &f.b : &f.a;
      f.Switch(*target);
    }
    const double delay = uniform(expected * 1.1);
    CAPTURE(attempt);
    CAPTURE(delay);
    CAPTURE(rebuild);
    Child build(BuildArgv(f.corpus, db, rebuild));
    SleepSeconds(delay);
    build.Signal(SIGKILL);
    const RunResult r = build.Wait();
    if (r.exit_code != 128 + SIGKILL) {
      // It finished first: then it must have finished properly.
      REQUIRE_MESSAGE(r.exit_code == 0, r.err);
      ++finished_early;
      index_complete = true;
      CHECK(DescribeDifferences(DumpIndex(db), f.CleanFor(*target)) == "");
      continue;
    }
    ++kills;
    rebuilds += rebuild;
    index_complete = false;
    if (fs::exists(db)) REQUIRE(IndexProblems(db) == "");
    if (rebuild) {
      // A rebuild is written beside the index: killed, it changed nothing.
      REQUIRE(DescribeDifferences(DumpIndex(db), f.CleanFor(*target)) == "");
    }
    // Sometimes kill the next build too, before letting one finish.
    if (rng() % 3 == 0) {
      ++chained;
      continue;
    }
    const RunResult next = IndexerBuild(f.corpus, db);
    REQUIRE_MESSAGE(next.exit_code == 0, next.err);
    REQUIRE(DescribeDifferences(DumpIndex(db), f.CleanFor(*target)) == "");
    index_complete = true;
  }
  const RunResult last = IndexerBuild(f.corpus, db);
  REQUIRE_MESSAGE(last.exit_code == 0, last.err);
  CHECK(DescribeDifferences(DumpIndex(db), f.CleanFor(*target)) == "");
  MESSAGE(kills << " kills (" << rebuilds << " during --rebuild, " << chained
                << " followed by another killed build), " << finished_early
                << " builds finished before their kill");
  CHECK(kills >= Kills());
}

TEST_CASE(
    "SIGKILL during builds of an index of 3 shards, between the shards' "
    "commits too, never damages a shard, and the next build finishes the "
    "job exactly") {
  Fixture& f = Shared();
  const std::string db = f.dir / "killed-sharded";
  std::mt19937_64 rng(Seed() * 37 + 5);
  const std::vector<std::string> shards = {"--shards", "3"};
  // A sharded index is written by one writer: time a whole build first.
  f.Switch(f.a);
  double start = MonotonicSeconds();
  const RunResult timed =
      IndexerBuild(f.corpus, f.dir / "timed-sharded", shards);
  const double full_seconds = MonotonicSeconds() - start;
  REQUIRE_MESSAGE(timed.exit_code == 0, timed.err);
  // And an update of it to the other corpus, the build every later attempt
  // makes: a kill timed by a whole build mostly came after it had finished
  // (17 of 22 attempts finished first, leaving 5 kills for 5 wanted).
  f.Switch(f.b);
  start = MonotonicSeconds();
  const RunResult updated =
      IndexerBuild(f.corpus, f.dir / "timed-sharded", shards);
  const double update_seconds = MonotonicSeconds() - start;
  REQUIRE_MESSAGE(updated.exit_code == 0, updated.err);
  f.Switch(f.a);
  const CorpusState* target = &f.a;
  const long wanted = std::max(3L, Kills() / 4);
  long kills = 0, finished_early = 0;
  for (long attempt = 0; kills < wanted && attempt < wanted * 5; ++attempt) {
    // The first attempt builds the index; every later one changes the
    // corpus under it, so that incremental builds (updates and deletions
    // routed by id) are killed.
    if (attempt > 0) {
      target = target == &f.a ? &f.b : &f.a;
      f.Switch(*target);
    }
    const double delay = (attempt == 0 ? full_seconds : update_seconds) * 1.1 *
                         static_cast<double>(rng() % 1'000'000) / 1e6;
    CAPTURE(attempt);
    CAPTURE(delay);
    std::vector<std::string> argv = BuildArgv(f.corpus, db, false);
    argv.insert(argv.end(), shards.begin(), shards.end());
    Child build(argv);
    SleepSeconds(delay);
    build.Signal(SIGKILL);
    const RunResult r = build.Wait();
    if (r.exit_code != 128 + SIGKILL) {
      REQUIRE_MESSAGE(r.exit_code == 0, r.err);
      ++finished_early;
      CHECK(DescribeDifferences(DumpIndex(db), f.CleanFor(*target)) == "");
      continue;
    }
    ++kills;
    if (fs::exists(db + "/XAPIANDB")) {
      for (int s = 0; s < 3; ++s) {
        const std::string shard = db + "/shard-" + std::to_string(s);
        if (fs::exists(shard + "/iamglass"))
          REQUIRE(IndexProblems(shard) == "");
      }
    }
    // The next build (keeping the count) completes what the killed one
    // left, whichever shards it had committed.
    const RunResult next = IndexerBuild(f.corpus, db);
    REQUIRE_MESSAGE(next.exit_code == 0, next.err);
    REQUIRE(DescribeDifferences(DumpIndex(db), f.CleanFor(*target)) == "");
    REQUIRE(IndexProblems(db) == "");
  }
  MESSAGE(kills << " kills of sharded builds, " << finished_early
                << " builds finished before their kill");
  CHECK(kills >= wanted);
}

TEST_CASE(
    "SIGINT and SIGTERM commit what was indexed, say how far it got, and exit "
    "130 and 143") {
  Fixture& f = Shared();
  f.Switch(f.a);
  for (const auto& [signal, code] : {std::pair{SIGINT, 130}, {SIGTERM, 143}}) {
    const int signal_number = signal;  // clang 14 cannot capture a binding
    CAPTURE(signal_number);
    const std::string db = f.dir / ("signalled-" + std::to_string(signal));
    RunResult r;
    // Signal a third of the way through; if the build was quicker than
    // that, try again with an earlier signal.
    for (double at = f.full_seconds / 3; at > 0.01; at /= 2) {
      fs::remove_all(db);
      Child build(BuildArgv(f.corpus, db, false));
      SleepSeconds(at);
      build.Signal(signal);
      r = build.Wait();
      if (r.exit_code != 0) break;
    }
    REQUIRE_MESSAGE(r.exit_code == code, r.err);
    CHECK(r.out.rfind("interrupted: ", 0) == 0);
    CHECK(r.err.find("run the same command again") != std::string::npos);
    std::smatch m;
    REQUIRE(
        std::regex_search(r.out, m, std::regex(R"(; (\d+) articles? in )")));
    const uint64_t reported = std::stoull(m[1]);
    CHECK(reported < ArticleCount(f.a));
    // What it said it had is what was committed.
    CHECK(Xapian::Database(db).get_doccount() == reported);
    CHECK(IndexProblems(db) == "");
    const RunResult next = IndexerBuild(f.corpus, db);
    REQUIRE_MESSAGE(next.exit_code == 0, next.err);
    CHECK(DescribeDifferences(DumpIndex(db), f.clean_a) == "");
  }
}

TEST_CASE("an interrupted --rebuild leaves the index as it was") {
  Fixture& f = Shared();
  f.Switch(f.a);
  const std::string db = f.dir / "rebuild-interrupted";
  REQUIRE(IndexerBuild(f.corpus, db).exit_code == 0);
  RunResult r;
  for (double at = f.full_seconds / 3; at > 0.01; at /= 2) {
    Child build(BuildArgv(f.corpus, db, true));
    SleepSeconds(at);
    build.Signal(SIGINT);
    r = build.Wait();
    if (r.exit_code != 0) break;
  }
  REQUIRE_MESSAGE(r.exit_code == 130, r.err);
  CHECK(r.err.find("the rebuild was abandoned") != std::string::npos);
  CHECK(DescribeDifferences(DumpIndex(db), f.clean_a) == "");
  for (const auto& entry : fs::directory_iterator(f.dir.path())) {
    CHECK(entry.path().filename().string().find(".rebuild-") ==
          std::string::npos);
  }
}

TEST_CASE(
    "a second indexer on the same index exits 3 at once, naming the holder") {
  Fixture& f = Shared();
  f.Switch(f.a);
  const std::string db = f.dir / "contended";
  for (int attempt = 0; attempt < 5; ++attempt) {
    Child first(BuildArgv(f.corpus, db, true));
    SleepSeconds(f.full_seconds / 4);
    const double start = MonotonicSeconds();
    const RunResult second = IndexerBuild(f.corpus, db);
    const double took = MonotonicSeconds() - start;
    const bool first_was_running = !first.Poll();
    const RunResult r = first.Wait();
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    if (!first_was_running && second.exit_code == 0) continue;  // too late
    CHECK(second.exit_code == 3);
    CHECK(second.err.find("another indexer") != std::string::npos);
    CHECK(ErrorLines(second.err).size() == 1);
    CHECK(took < 2.0);
    CHECK(DescribeDifferences(DumpIndex(db), f.clean_a) == "");
    return;
  }
  FAIL("the first build always finished before the second started");
}

// Problems with an index that a build stopped by a full disk or a read-only
// filesystem left: it must be a committed state, every article in it as a
// clean build has it, and nothing the earlier build had may be missing.
void CheckCommittedState(const IndexDump& got, const IndexDump& before,
                         const IndexDump& clean) {
  CHECK(got.problems.empty());
  for (const auto& [id, article] : before.articles) {
    CHECK(got.articles.count(id) == 1);
  }
  for (const auto& [id, article] : got.articles) {
    const std::string& article_id = id;  // clang 14 cannot capture a binding
    CAPTURE(article_id);
    REQUIRE(clean.articles.count(id) == 1);
    // Short names are resolved across the corpus at the end of a build: a
    // commit before that has the articles as their own text made them.
    CHECK(WithoutCorpusAliases(article) ==
          WithoutCorpusAliases(clean.articles.at(id)));
  }
}

TEST_CASE(
    "a full disk and a read-only index directory: exit 3, a clear message, "
    "the last commit intact") {
  Fixture& f = Shared();
  TempDir scratch;
  const std::string mnt = scratch / "mnt";
  fs::create_directories(mnt);
  const std::string db = mnt + "/db";
  const uint64_t full_size = IndexSizeBytes(f.dir / "clean-a");
  if (auto problem = MountTmpfs(mnt, full_size)) {
    MESSAGE("SKIPPED full-disk and read-only tests: " << *problem);
    return;
  }
  // A tenth of the corpus first, then all of it, on filesystems too small
  // for the whole index: the disk fills at a different moment each time
  // (while writing documents, inside a commit).
  const std::string corpus = scratch / "corpus";
  CorpusState first;
  for (const auto& [id, file] : f.a) {
    if (first.size() * 10 >= f.a.size()) break;
    first.emplace(id, file);
  }
  Materialize(corpus, {}, first);
  CorpusState on_disk = first;
  const std::string clean_db = scratch / "clean";
  RunResult r;
  Materialize(corpus, on_disk, f.a);
  REQUIRE(IndexerBuild(corpus, clean_db).exit_code == 0);
  const IndexDump clean = DumpIndex(clean_db);
  Materialize(corpus, f.a, first);
  on_disk = first;
  bool checked_read_only = false;
  for (const uint64_t percent : DiskFills()) {
    CAPTURE(percent);
    fs::remove_all(db);
    REQUIRE(RemountTmpfs(mnt, false, full_size * percent / 100) ==
            std::nullopt);
    Materialize(corpus, on_disk, first);
    on_disk = first;
    r = FailingIndexerBuild(corpus, db);
    const IndexDump before = r.exit_code == 0 ? DumpIndex(db) : IndexDump{};
    Materialize(corpus, on_disk, f.a);
    on_disk = f.a;
    if (r.exit_code == 0) r = FailingIndexerBuild(corpus, db);
    CHECK_MESSAGE(r.exit_code == 3, r.err);
    const auto errors = ErrorLines(r.err);
    CHECK(errors.size() == 1);
    CHECK(r.err.find("No space left on device") != std::string::npos);
    if (!fs::exists(db)) continue;  // full before the index was created
    CHECK(IndexProblems(db) == "");
    const IndexDump after = DumpIndex(db);
    CheckCommittedState(after, before, clean);
    MESSAGE("disk full at "
            << percent << "% of the index size: " << before.articles.size()
            << " articles before, " << after.articles.size() << " after, "
            << (errors.empty() ? "" : errors[0]));

    if (!checked_read_only) {
      // Read-only: refused, and not mistaken for another indexer's lock.
      checked_read_only = true;
      REQUIRE(RemountTmpfs(mnt, true, full_size * percent / 100) ==
              std::nullopt);
      r = FailingIndexerBuild(corpus, db);
      CHECK(r.exit_code == 3);
      CHECK(r.err.find("Read-only file system") != std::string::npos);
      CHECK(r.err.find("another indexer") == std::string::npos);
      CHECK(ErrorLines(r.err).size() == 1);
      CHECK(DescribeDifferences(DumpIndex(db), after) == "");
      const RunResult s =
          Run({TestBinaries().searcher, "--db", db, kSyntheticMarker});
      CHECK(s.exit_code == (after.articles.empty() ? 1 : 0));
    }
    // With room again, the next build finishes the job. (xapian-check
    // opens the tables read-write, so it runs only now.)
    REQUIRE(RemountTmpfs(mnt, false, full_size * 4) == std::nullopt);
    CHECK(IndexProblems(db) == "");
    r = IndexerBuild(corpus, db);
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(DescribeDifferences(DumpIndex(db), clean) == "");
  }
  CHECK(checked_read_only);
  Unmount(mnt);
}

TEST_CASE(
    "an exception that escapes where it cannot be caught still ends in one "
    "line and exit 3, not an abort") {
  // What Xapian does when the disk fills inside a commit at some moments:
  // throw out of a noexcept function, or call std::terminate() itself.
  struct Case {
    const char* how;
    const char* message;
  };
  for (const Case& c :
       {Case{"noexcept", "probe: writing failed: disk full; stopped at once"},
        Case{"terminate",
             "probe: internal error in Xapian (last system error: No space "
             "left on device); stopped at once"}}) {
    CAPTURE(c.how);
    const RunResult r = Run({GAZETTE_TERMINATE_PROBE, c.how});
    CHECK(r.exit_code == 3);
    CHECK(r.err.rfind(c.message, 0) == 0);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
}

TEST_SUITE_END();

}  // namespace
}  // namespace gazette::testing
