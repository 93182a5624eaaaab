#include "common/search/query_builder.h"

#include <doctest/doctest.h>

#include "gazette/error.h"

namespace gazette {
namespace {

std::string Describe(const SearchRequest& request) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  QueryBuilder builder(db);
  return builder.Build(request).get_description();
}

std::string Describe(const std::string& query) {
  SearchRequest r;
  r.query = query;
  return Describe(r);
}

bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST_CASE("query builder stems words and requires all of them by default") {
  const std::string d = Describe("Golan talks");
  CAPTURE(d);
  CHECK(Has(d, "golan@1"));  // capitalised: kept unstemmed (STEM_SOME)
  CHECK(Has(d, "Ztalk"));
  CHECK(Has(d, " AND "));
  SearchRequest any;
  any.query = "Golan talks";
  any.match_any = true;
  CHECK(Has(Describe(any), " OR "));
}

TEST_CASE("query builder maps field prefixes to the schema's terms") {
  struct Case {
    const char* query;
    const char* expected;
  };
  const Case cases[] = {
      {"title:golan", "ZSgolan"},
      {"person:al-sharaa", "XPal-sharaa"},
      {"person:\"Ahmed AL-Sharaa\"", "XPahmed al-sharaa"},
      {"place:Syria", "XLsyria"},
      {"org:HTS", "XOhts"},
      {"entity:reuters", "XOreuters"},
      {"source:Reuters", "XSreuters"},
      {"source:\"Agence France-Presse\"", "XSagence france-presse"},
      {"year:2025", "Y2025"},
      {"date:2025", "VALUE_RANGE 0 20250101 20251231"},
      {"date:..2025-06", "VALUE_LE 0 20250630"},
      {"date:2025-05..", "VALUE_GE 0 20250501"},
      {"\"golan heights\"", "PHRASE"},
      {"talks -golan", "AND_NOT"},
  };
  for (const Case& c : cases) {
    const std::string d = Describe(c.query);
    CAPTURE(c.query);
    CAPTURE(d);
    CHECK(Has(d, c.expected));
  }
}

TEST_CASE("query builder turns options into filters") {
  SearchRequest r;
  r.query = "talks";
  r.persons = {"Donald Trump"};
  r.since = "2025-05";
  const std::string d = Describe(r);
  CAPTURE(d);
  CHECK(Has(d, "FILTER"));
  CHECK(Has(d, "XPdonald trump"));
  CHECK(Has(d, "VALUE_GE 0 20250501"));
  // An article has one source: several --source mean any of them.
  SearchRequest sources;
  sources.sources = {"Reuters", "AFP"};
  const std::string ds = Describe(sources);
  CAPTURE(ds);
  CHECK(Has(ds, "XSreuters OR XSafp"));
  SearchRequest only_filter;
  only_filter.places = {"Syria"};
  CHECK(Has(Describe(only_filter), "<alldocuments>"));
}

TEST_CASE("query builder finds one entity by any form of its name") {
  struct Case {
    EntityType type;
    const char* value;
    const char* term;
  };
  const Case cases[] = {
      {EntityType::kOrg, "Texaco Inc", "XOtexaco"},
      {EntityType::kOrg, "texaco", "XOtexaco"},
      {EntityType::kOrg, "Salomon Brothers Inc.", "XOsalomon brothers"},
      {EntityType::kOrg, "International Coffee Organisation",
       "XOinternational coffee organization"},
      {EntityType::kPlace, "U.S.", "XLus"},
      {EntityType::kPlace, "US", "XLus"},
      {EntityType::kPlace, "U.K.", "XLuk"},
  };
  for (const Case& c : cases) {
    SearchRequest r;
    (c.type == EntityType::kOrg ? r.orgs : r.places).push_back(c.value);
    const std::string d = Describe(r);
    CAPTURE(c.value);
    CAPTURE(d);
    CHECK(Has(d, std::string(c.term) + ")"));
  }
}

TEST_CASE("query builder rejects bad dates and empty requests with a message") {
  struct Case {
    std::string query;
    std::optional<std::string> since, until;
    const char* message_part;
  };
  const Case cases[] = {
      {"date:2025-13..2026", {}, {}, "bad date '2025-13'"},
      {"date:2026..2025", {}, {}, "ends before it starts"},
      {"talks", "2025-99", {}, "--since"},
      {"talks", "2025-06", "2025-05", "ends before it starts"},
      {"  ", {}, {}, "empty query"},
  };
  for (const Case& c : cases) {
    SearchRequest r;
    r.query = c.query;
    r.since = c.since;
    r.until = c.until;
    CAPTURE(c.query);
    try {
      Describe(r);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::kQuery);
      CHECK(Has(e.what(), c.message_part));
    }
  }
}

TEST_CASE(
    "query builder bounds a query's size and wildcards, with messages that "
    "stay short and on one line") {
  std::string many_wildcards;
  for (int i = 0; i < 101; ++i)
    many_wildcards += "w" + std::to_string(i) + "* ";
  std::string hundred_wildcards;
  for (int i = 0; i < 100; ++i)
    hundred_wildcards += "w" + std::to_string(i) + "* ";
  struct Case {
    std::string query;
    const char* message_part;  // nullptr: accepted
  };
  const Case cases[] = {
      {std::string(64 * 1024 + 1, 'x'), "query too long: 65537 bytes"},
      {std::string(64 * 1024, 'x'), nullptr},
      {many_wildcards, "too many wildcards: 101 (at most 100"},
      {hundred_wildcards, nullptr},
      {std::string("bad\nline AND"), "cannot parse query 'bad\\nline AND'"},
      {std::string("AND ") + std::string(5000, 'y'), "…"},
      // Escaped, bytes that are not UTF-8 take four times the room.
      {std::string("AND ") + std::string(5000, '\xff'), "…"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.query.substr(0, 60));
    try {
      Describe(c.query);
      CHECK(c.message_part == nullptr);
    } catch (const Error& e) {
      REQUIRE(c.message_part != nullptr);
      CHECK(e.kind() == ErrorKind::kQuery);
      CHECK(Has(e.what(), c.message_part));
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
      CHECK(std::string(e.what()).size() < 400);
    }
  }
  SearchRequest escape;
  escape.query = "talks";
  escape.since = "20\x1b[31m";
  try {
    Describe(escape);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(Has(e.what(), "bad date '20\\x1b[31m' in --since"));
  }
}

}  // namespace
}  // namespace gazette
