#include "common/batch/batch_request.h"

#include <doctest/doctest.h>

#include <string>

#include "common/base/utf8.h"

namespace gazette {
namespace {

SearchRequest Defaults() {
  SearchRequest d;
  d.limit = 5;
  d.since = "2024";
  d.persons = {"trump"};
  return d;
}

TEST_CASE("a plain line is a query with every other option from the defaults") {
  const struct {
    std::string line;
    std::string query;
  } cases[] = {
      {"golan talks", "golan talks"},
      {"golan talks\r", "golan talks"},  // CRLF input
      {"\"golan heights\" NEAR talks", "\"golan heights\" NEAR talks"},
      {"  [not json]", "  [not json]"},
      {"", ""},  // the search says it is empty
  };
  for (const auto& c : cases) {
    CAPTURE(c.line);
    const ParsedRequest p = ParseBatchRequest(c.line, Defaults());
    REQUIRE(p.ok());
    CHECK(p.request.query == c.query);
    CHECK(p.request.limit == 5);
    CHECK(p.request.since == "2024");
    CHECK(p.request.persons == std::vector<std::string>{"trump"});
  }
}

TEST_CASE("a JSON request sets the fields it names and keeps the defaults") {
  const ParsedRequest p = ParseBatchRequest(
      R"( {"query": "talks", "limit": 3, "offset": 6, "any": true,
           "plain": true, "expand": false, "until": "2025-05", "since": null, "person": null,
           "place": "Syria", "org": ["UN", "EU"], "sort": "newest",
           "facets": true, "exact": true, "suggest": false,
           "timeline": true, "facet_sample": 5000, "like": "2025/a.txt",
           "related_by_entities": null, "within_days": 30, "collapse": false,
           "similar_to": "2025/b.txt"})",
      Defaults());
  REQUIRE_MESSAGE(p.ok(), p.error);
  const SearchRequest& r = p.request;
  CHECK(r.query == "talks");
  CHECK(r.limit == 3);
  CHECK(r.offset == 6);
  CHECK(r.match_any);
  CHECK(r.plain_text);
  CHECK(r.expand == false);
  CHECK(r.until == "2025-05");
  CHECK(!r.since.has_value());
  CHECK(r.persons.empty());
  CHECK(r.places == std::vector<std::string>{"Syria"});
  CHECK(r.orgs == std::vector<std::string>{"UN", "EU"});
  CHECK(r.sort == SortOrder::kNewest);
  CHECK(r.facets);
  CHECK(r.exact_total);
  CHECK_FALSE(r.suggest);
  CHECK(r.timeline);
  CHECK(r.facet_sample == 5000);
  CHECK(r.like == "2025/a.txt");
  CHECK_FALSE(r.related_by_entities.has_value());
  CHECK(r.within_days == 30);
  CHECK_FALSE(r.collapse);
  CHECK(r.similar_to == "2025/b.txt");

  const ParsedRequest minimal = ParseBatchRequest("{}", Defaults());
  REQUIRE(minimal.ok());
  CHECK(minimal.request.query.empty());
  CHECK_FALSE(minimal.request.plain_text);
  CHECK_FALSE(minimal.request.expand.has_value());
  CHECK(minimal.request.limit == 5);
  CHECK(minimal.request.suggest);
  CHECK_FALSE(minimal.request.timeline);
  CHECK(minimal.request.collapse);
  CHECK_FALSE(minimal.request.similar_to.has_value());
  CHECK(minimal.request.persons == std::vector<std::string>{"trump"});
}

TEST_CASE("a malformed JSON request is an error naming what was wrong") {
  const struct {
    std::string line;
    std::string message;
  } cases[] = {
      {"{", "request is not valid JSON: parse error at column 2"},
      {R"({"query": "a",})", "request is not valid JSON"},
      {R"({"query": "a"} trailing)", "request is not valid JSON"},
      {R"({"colour": "red"})",
       "unknown field 'colour' (valid: query, limit, offset, any, plain, "
       "expand, since, until, person, place, org, source, sort, facets, "
       "exact, suggest, timeline, facet_sample, like, related_by_entities, "
       "within_days, collapse, similar_to)"},
      {R"({"like": 7})",
       "field 'like' must be an article id (a non-empty string) or null, "
       "got 7"},
      {R"({"like": ""})", "field 'like' must be an article id"},
      {R"({"related_by_entities": ["a"]})",
       "field 'related_by_entities' must be an article id (a non-empty "
       "string) or "
       "null, got an array"},
      {R"({"within_days": 36501})",
       "field 'within_days' must be an integer from 0 to 36500, got 36501"},
      {R"({"within_days": -1})",
       "field 'within_days' must be an integer from 0 to 36500, got -1"},
      {R"({"collapse": "no"})", "field 'collapse' must be true or false"},
      {R"({"similar_to": ""})",
       "field 'similar_to' must be an article id (a non-empty string) or "
       "null, got \"\""},
      {R"({"similar_to": 7})", "field 'similar_to' must be an article id"},
      {R"({"query": 7})", "field 'query' must be a string, got 7"},
      {R"({"facet_sample": 999})",
       "field 'facet_sample' must be 0 or an integer from 1000 to 100000000, "
       "got 999"},
      {R"({"facet_sample": -1})",
       "field 'facet_sample' must be 0 or an integer from 1000 to"},
      {R"({"limit": -1})",
       "field 'limit' must be an integer from 0 to 10000, got -1"},
      {R"({"limit": 2.5})", "field 'limit' must be an integer from 0 to"},
      {R"({"limit": 10001})",
       "field 'limit' must be an integer from 0 to 10000, got 10001"},
      {R"({"limit": 18446744073709551615})",
       "field 'limit' must be an integer from 0 to 10000"},
      {R"({"offset": 1000001})",
       "field 'offset' must be an integer from 0 to 1000000, got 1000001"},
      {R"({"offset": "3"})",
       "field 'offset' must be an integer from 0 to 1000000, got \"3\""},
      {R"({"facets": "yes"})", "field 'facets' must be true or false"},
      {R"({"any": 1})", "field 'any' must be true or false"},
      {R"({"expand": "no"})", "field 'expand' must be true or false"},
      {R"({"since": 2025})", "field 'since' must be a date string"},
      {R"({"person": ["a", 1]})", "field 'person' must be a name, an array"},
      {R"({"place": {}})",
       "field 'place' must be a name, an array of names, or null, got an "
       "object"},
      {R"({"sort": "sideways"})",
       "field 'sort' must be \"relevance\", \"newest\" or \"oldest\", got "
       "\"sideways\""},
      {R"({"q\tuery": 1})", "unknown field 'q\\tuery'"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.line);
    const ParsedRequest p = ParseBatchRequest(c.line, Defaults());
    CHECK(!p.ok());
    CHECK(p.error.find(c.message) != std::string::npos);
    CHECK(p.error.find('\n') == std::string::npos);
  }
}

TEST_CASE("hostile bytes are an error or a query, never a crash") {
  const std::string deep_array = "{\"query\": " + std::string(100000, '[') +
                                 std::string(100000, ']') + "}";
  const std::string deep_object = [] {
    std::string s;
    for (int i = 0; i < 50000; ++i) s += "{\"a\":";
    s += "1";
    s += std::string(50000, '}');
    return s;
  }();
  const std::string cases[] = {
      std::string("{\"query\": \"\xff\xfe\"}"),  // invalid UTF-8
      std::string("{\"query\": \"a\0b\"}", 15),
      std::string("\0\0\0", 3),
      deep_array,
      deep_object,
      std::string(kMaxBatchLineBytes + 1, 'a'),
      "{\"limit\": 1e400}",
      "{\"limit\": 18446744073709551616}",
  };
  for (const std::string& line : cases) {
    CAPTURE(line.substr(0, 40));
    const ParsedRequest p = ParseBatchRequest(line, Defaults());
    if (!p.ok()) {
      CHECK(p.error.size() < 400);
      CHECK(p.error.find('\n') == std::string::npos);
    }
  }
  CHECK(!ParseBatchRequest(std::string(kMaxBatchLineBytes + 1, 'a'), Defaults())
             .ok());
  CHECK(
      ParseBatchRequest(std::string(kMaxBatchLineBytes, 'a'), Defaults()).ok());
}

TEST_CASE("a shortened name or value is never cut inside a character") {
  // Found by fuzzing: names and values were cut at 40 bytes, which could
  // leave half of a character and make the error invalid UTF-8.
  std::string name;
  for (int i = 0; i < 20; ++i) name += "\xef\x80\x80";  // U+F000
  for (const std::string& line :
       {"{\"" + name + "\": 1}", "{\"sort\": \"a" + name + "\"}"}) {
    const ParsedRequest p = ParseBatchRequest(line, Defaults());
    REQUIRE_FALSE(p.ok());
    CHECK(RepairUtf8(p.error) == p.error);
    CHECK(p.error.find("...") != std::string::npos);
  }
}

TEST_CASE("a JSON error quotes a little of the line, escaped, in UTF-8") {
  // nlohmann quotes the whole token it failed on: found by fuzzing, these
  // gave errors holding raw invalid UTF-8, or the whole megabyte of a string
  // that never ends.
  const std::string cases[] = {
      "{\"query\": \"talk\xf3\"}",
      "{\"query\": \"" + std::string(500000, 'a') + "\xff",
      "{\"limit\": " + std::string(100000, '9') + "e99999}",
  };
  for (const std::string& line : cases) {
    CAPTURE(line.substr(0, 40));
    const ParsedRequest p = ParseBatchRequest(line, Defaults());
    REQUIRE_FALSE(p.ok());
    CHECK(p.error.starts_with("request is not valid JSON: "));
    CHECK(p.error.size() < 400);
    CHECK(RepairUtf8(p.error) == p.error);
  }
}

}  // namespace
}  // namespace gazette
