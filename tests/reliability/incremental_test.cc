// Incremental builds against clean ones: seeded random sequences of changes
// to a corpus, and after every build the index must equal a fresh
// --rebuild of the same files.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "gazette/index_builder.h"
#include "tests/reliability/reliability_support.h"
#include "tests/support/synthetic_corpus.h"

namespace gazette::testing {
namespace {

namespace fs = std::filesystem;

TEST_SUITE_BEGIN("incremental");

// `sequences` seeded sequences of builds into an index of `shards` (1: one
// database), each compared with a fresh one-database rebuild of the same
// corpus. Returns how many builds were made.
long RunSequences(long sequences, size_t shards, uint64_t seed_offset) {
  const long steps = EnvInt("GAZETTE_RELIABILITY_STEPS", 10);
  const uint64_t articles = static_cast<uint64_t>(
      EnvInt("GAZETTE_RELIABILITY_INCREMENTAL_ARTICLES", 80));
  const uint64_t base_seed =
      static_cast<uint64_t>(EnvInt("GAZETTE_RELIABILITY_SEED", 6));
  long builds = 0;
  for (long sequence = 0; sequence < sequences; ++sequence) {
    const uint64_t seed =
        base_seed * 1000 + seed_offset + static_cast<uint64_t>(sequence);
    // Odd sequences write files with the clock's mtimes, as a person
    // editing and rebuilding quickly does; even ones set distinct mtimes.
    const bool live = sequence % 2 == 1;
    CAPTURE(seed);
    CAPTURE(live);
    std::mt19937_64 rng(seed);
    TempDir dir;
    const std::string corpus = dir / "corpus";
    const std::string db = dir / "incremental";
    const std::string fresh = dir / "fresh";
    CorpusState state = SyntheticState(articles, seed);
    if (live) {
      for (auto& [id, file] : state) file.mtime_ns = 0;
    }
    uint64_t serial = articles;
    Materialize(corpus, {}, state);
    fs::create_directories(corpus);
    for (long step = 0; step < steps; ++step) {
      CAPTURE(step);
      const size_t commit_every = 1 + rng() % 20;
      const IndexSummary s =
          BuildOnTwoThreads(corpus, db, false, commit_every, shards);
      ++builds;
      CHECK(s.articles == ArticleCount(state));
      (void)BuildOnTwoThreads(corpus, fresh, true, 1000);
      const std::string differences =
          DescribeDifferences(DumpIndex(db), DumpIndex(fresh));
      REQUIRE_MESSAGE(differences == "", differences);

      ChangeMix mix;
      // Now and then a quiet step (nothing changed) or a big one.
      if (rng() % 8 == 0) mix = ChangeMix{0, 0, 0, 0, 0, 0, 0};
      if (rng() % 8 == 0) mix = ChangeMix{20, 30, 20, 10, 10, 10, 5};
      CorpusState next = RandomChanges(state, rng, seed, &serial, mix);
      Materialize(corpus, state, next);
      state = std::move(next);
    }
  }
  return builds;
}

TEST_CASE(
    "random changes between builds: after every build the index equals a "
    "fresh rebuild of the same corpus") {
  const long sequences = EnvInt("GAZETTE_RELIABILITY_SEQUENCES", 8);
  const long builds = RunSequences(sequences, 1, 0);
  MESSAGE(sequences << " sequences, " << builds
                    << " incremental builds, each compared with a rebuild");
}

TEST_CASE(
    "random changes between builds of an index of 3 shards: after every "
    "build it equals a fresh one-database rebuild of the same corpus") {
  // Fewer: a sharded build makes the same changes, routed by id.
  const long sequences =
      std::max(1L, EnvInt("GAZETTE_RELIABILITY_SEQUENCES", 8) / 4);
  const long builds = RunSequences(sequences, 3, 500);
  MESSAGE(sequences << " sequences, " << builds
                    << " incremental builds of 3 shards, each compared with "
                       "a one-database rebuild");
}

TEST_SUITE_END();

}  // namespace
}  // namespace gazette::testing
