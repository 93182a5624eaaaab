#include "bench/rank_eval/quest_output.h"

#include <doctest/doctest.h>

#include "bench/rank_eval/collection.h"

namespace gazette::eval {
namespace {

TEST_CASE("quest output parser reads ranks, weights and file names") {
  const Ranking r = ParseQuestOutput(
      "Parsed Query: Query((talks@1 OR nassau@2))\n"
      "Exactly 2 matches\n"
      "MSet:\n"
      "1: [0.797636]\n"
      "url=/17.txt\n"
      "sample=date 1963-01-04 THE ALLIES\n"
      "type=text/plain\n"
      "\n"
      "2: [1.5e-05]\n"
      "url=/sub/CACM-0001.txt\n"
      "size=46\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].doc == "17");
  CHECK(r[0].score == doctest::Approx(0.797636));
  CHECK(r[1].doc == "CACM-0001");
  CHECK(r[1].score == doctest::Approx(1.5e-05));

  CHECK(ParseQuestOutput("Parsed Query: Query()\nExactly 0 matches\nMSet:\n")
            .empty());
  CHECK_THROWS_AS(ParseQuestOutput("1: [0.5]\nsample=x\n"), FormatError);
}

}  // namespace
}  // namespace gazette::eval
