#include "common/entities/entity.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

namespace gazette {
namespace {

TEST_CASE("entity type names are the words users type, and parse back") {
  struct Case {
    EntityType type;
    std::string name;
  };
  const Case cases[] = {
      {EntityType::kPerson, "person"},
      {EntityType::kPlace, "place"},
      {EntityType::kOrg, "org"},
      {EntityType::kGroup, "group"},
  };
  std::set<std::string> names;
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(EntityTypeName(c.type) == c.name);
    CHECK(ParseEntityType(c.name) == c.type);
    names.insert(std::string(EntityTypeName(c.type)));
  }
  CHECK(names.size() == 4);  // no two types share a name
}

TEST_CASE("entity type names are matched exactly") {
  for (const std::string name :
       {"", "Person", "PLACE", "persons", "people", "organisation", "org ",
        " group", "location"}) {
    CAPTURE(name);
    CHECK_FALSE(ParseEntityType(name));
  }
}

}  // namespace
}  // namespace gazette
