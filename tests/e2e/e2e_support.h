// What the end-to-end tests share: the paths of the real binaries, running
// them, and indexes built once per test binary.
#ifndef GAZETTE_TESTS_E2E_SUPPORT_H_
#define GAZETTE_TESTS_E2E_SUPPORT_H_

#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/test_support.h"

namespace gazette::testing {

inline const std::string kIndexer = GAZETTE_INDEXER;
inline const std::string kSearcher = GAZETTE_SEARCHER;
inline const std::string kSource = GAZETTE_SOURCE_DIR;
inline const std::string kSeedId = "000_c9a4adc938a6129f.txt";

inline RunResult Indexer(const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env = {}) {
  std::vector<std::string> argv = {kIndexer};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv, "", env);
}

inline RunResult Searcher(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {}) {
  std::vector<std::string> argv = {kSearcher};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv, "", env);
}

// An index of the project's corpus/, built once.
inline const std::string& SeedDb() {
  static TempDir dir;
  static const std::string db = [] {
    const RunResult r =
        Indexer({"build", kSource + "/corpus", "--db", dir / "db"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return dir / "db";
  }();
  return db;
}

// An index of the shared fixture corpus (WriteFixtureCorpus), built once.
inline const std::string& FixtureDb() {
  static TempDir dir;
  static const std::string db = [] {
    WriteFixtureCorpus(dir / "corpus");
    const RunResult r = Indexer({"build", dir / "corpus", "--db", dir / "db"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return dir / "db";
  }();
  return db;
}

// Runs the searcher with --format json and parses what it prints.
inline nlohmann::json SearchJson(const std::vector<std::string>& args) {
  std::vector<std::string> all = args;
  all.insert(all.end(), {"--format", "json"});
  const RunResult r = Searcher(all);
  CAPTURE(r.err);
  REQUIRE(r.exit_code <= 1);
  return nlohmann::json::parse(r.out);
}

}  // namespace gazette::testing

#endif  // GAZETTE_TESTS_E2E_SUPPORT_H_
