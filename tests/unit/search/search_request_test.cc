#include "gazette/search_request.h"

#include <doctest/doctest.h>

#include <string>

namespace gazette {
namespace {

TEST_CASE("sort order names are the words --sort takes, and parse back") {
  struct Case {
    SortOrder order;
    std::string name;
  };
  const Case cases[] = {
      {SortOrder::kRelevance, "relevance"},
      {SortOrder::kNewest, "newest"},
      {SortOrder::kOldest, "oldest"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(SortOrderName(c.order) == c.name);
    CHECK(ParseSortOrder(c.name) == c.order);
  }
}

TEST_CASE("sort order names are matched exactly") {
  for (const std::string name :
       {"", "Newest", "NEWEST", "new", "newest ", "date", "score", "latest"}) {
    CAPTURE(name);
    CHECK_FALSE(ParseSortOrder(name));
  }
}

}  // namespace
}  // namespace gazette
