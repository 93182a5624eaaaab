// A short run of the retrieval-quality evaluation (TIME only) through the
// real gazette-eval, indexer and omindex+quest; skipped when the collection
// is absent.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "tests/support/test_support.h"

namespace gazette {
namespace {

using nlohmann::json;

// Exit code CTest reads as "skipped" (SKIP_RETURN_CODE in CMakeLists.txt).
constexpr int kSkipped = 77;

std::string DataDir() {
  const char* env = std::getenv("GAZETTE_DATA");
  return env && *env ? env : GAZETTE_SOURCE_DIR "/../shared/data";
}

const json* FindRow(const json& results, const std::string& system) {
  for (const json& row : results) {
    if (row.at("system") == system) return &row;
  }
  return nullptr;
}

TEST_CASE("evaluation on TIME scores every topic, Gazette above omindex") {
  testing::TempDir work;
  const testing::RunResult r =
      testing::Run({GAZETTE_RANK_EVAL, "--collection", "time", "--format",
                    "json", "--data", DataDir(), "--work", work.path()});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const json out = json::parse(r.out);
  const json& results = out.at("results");
  const json* baseline = FindRow(results, "omindex+quest");
  REQUIRE(baseline != nullptr);
  for (const json& row : results) {
    CAPTURE(row.dump());
    CHECK(row.at("collection") == "time");
    CHECK(row.at("all").at("topics") == 83);
    CHECK(row.at("tune").at("topics").get<int>() +
              row.at("test").at("topics").get<int>() ==
          83);
    for (const char* m : {"map", "p10", "p30", "ndcg10", "recall100"}) {
      const double v = row.at("all").at(m).get<double>();
      CHECK(v > 0);
      CHECK(v <= 1);
    }
  }
  // The target the issue sets, against the baseline measured in this run.
  const json* gazette = FindRow(results, "searcher --plain");
  REQUIRE(gazette != nullptr);
  CHECK(gazette->at("all").at("map").get<double>() >=
        baseline->at("all").at("map").get<double>());

  // The runs are left in TREC format for trec_eval.
  const std::string run =
      testing::ReadFile(work / "time/runs/searcher-plain.txt");
  CHECK(run.starts_with("1 Q0 "));
  CHECK(testing::ReadFile(work / "time/qrels.txt").find(" 0 ") !=
        std::string::npos);
}

}  // namespace
}  // namespace gazette

int main(int argc, char** argv) {
  const std::string time = gazette::DataDir() + "/time/TIME.ALL";
  if (!std::filesystem::exists(time)) {
    std::cout << "skipped: no " << time << " (set GAZETTE_DATA)\n";
    return gazette::kSkipped;
  }
  doctest::Context context(argc, argv);
  return context.run();
}
