#include "common/search/entity_list_tally.h"

#include <doctest/doctest.h>

#include "common/index/stored_fields.h"

namespace gazette {
namespace {

const ArticleEntity kAccented{EntityType::kPerson, "maria lopez", "María López",
                              false};
const ArticleEntity kPlain{EntityType::kPerson, "maria lopez", "Maria Lopez",
                           false};
const ArticleEntity kMadrid{EntityType::kPlace, "madrid", "Madrid", false};

TEST_CASE("entity list tally: an article listing a key twice") {
  const std::string twice = EncodeEntityList({kPlain, kAccented, kMadrid});
  const std::string once = EncodeEntityList({kAccented});
  const struct {
    RepeatedKeys repeated;
    uint64_t count;
    const char* shown;
  } cases[] = {
      // Once, under the first name: "Maria Lopez" once, "María López" once.
      {RepeatedKeys::kOnce, 2, "Maria Lopez"},
      // Each listing: "María López" twice.
      {RepeatedKeys::kEachTime, 3, "María López"},
  };
  for (const auto& c : cases) {
    EntityListTally tally(c.repeated);
    tally.Add(twice, "20250528");
    tally.Add(once, "");
    const Facets f = tally.Result(10);
    REQUIRE(f.persons.size() == 1);
    CHECK(f.persons[0].key == "maria lopez");
    CHECK(f.persons[0].count == c.count);
    CHECK(f.persons[0].value == c.shown);
    REQUIRE(f.places.size() == 1);
    CHECK(f.places[0].count == 1);
    REQUIRE(f.months.size() == 1);
    CHECK(f.months[0].value == "2025-05");
  }
}

}  // namespace
}  // namespace gazette
