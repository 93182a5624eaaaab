#include "common/serve/http_api.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "gazette/batch.h"
#include "gazette/index_builder.h"
#include "tests/support/format_spec.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

using nlohmann::json;

// An index of the fixture corpus, and a searcher and an article store
// over it.
struct Fixture {
  testing::TempDir dir;
  std::string db = testing::BuildFixtureIndex(dir.path());
  Searcher searcher{db};
  ArticleStore articles{db};
};

// What `searcher --batch --jobs 1` writes for `input`, one JSON per line,
// with the timing (the one field that differs between runs) removed.
std::vector<json> BatchLines(Searcher& searcher, const std::string& text) {
  std::istringstream in(text);
  std::ostringstream out;
  BatchOptions options;
  (void)RunBatch(searcher, in, out, options);
  std::vector<json> lines;
  std::istringstream answers(out.str());
  for (std::string line; std::getline(answers, line);) {
    json j = json::parse(line);
    j.erase("seconds");
    lines.push_back(std::move(j));
  }
  return lines;
}

json Parsed(const ApiResponse& response) {
  json j = json::parse(response.body);
  j.erase("seconds");
  return j;
}

TEST_CASE("GET /api/search answers as batch mode does for the same request") {
  Fixture f;
  struct Case {
    ApiParams params;
    std::string batch_line;
  };
  const std::vector<Case> cases = {
      {{{"query", "talks"}}, R"({"query":"talks"})"},
      {{{"query", "talks"}, {"limit", "1"}, {"offset", "1"}},
       R"({"query":"talks","limit":1,"offset":1})"},
      {{{"query", "talks"}, {"facets", ""}, {"sort", "newest"}},
       R"({"query":"talks","facets":true,"sort":"newest"})"},
      {{{"person", "donald trump"}, {"since", "2025"}, {"exact", "1"}},
       R"({"person":["donald trump"],"since":"2025","exact":true})"},
      {{{"query", "golan OR sanctions"},
        {"place", "israel"},
        {"place", "riyadh"},
        {"until", "2025-12-31"}},
       R"({"query":"golan OR sanctions","place":["israel","riyadh"],"until":"2025-12-31"})"},
      {{{"query", "talks"}, {"source", "Wire"}, {"source", "Daily"}},
       R"({"query":"talks","source":["Wire","Daily"]})"},
      {{{"query", "interest rates"}, {"plain", "true"}, {"expand", "false"}},
       R"({"query":"interest rates","plain":true,"expand":false})"},
      {{{"like", "2025/talks.txt"}, {"within_days", "500"}},
       R"({"like":"2025/talks.txt","within_days":500})"},
      {{{"related_by_entities", "2025/talks.txt"}},
       R"({"related_by_entities":"2025/talks.txt"})"},
      {{{"query", "talks"}, {"facets", "true"}, {"facet_sample", "5000"}},
       R"({"query":"talks","facets":true,"facet_sample":5000})"},
      {{{"query", "talks"}, {"collapse", "0"}},
       R"({"query":"talks","collapse":false})"},
      {{{"similar_to", "2024/golan.txt"}},
       R"({"similar_to":"2024/golan.txt"})"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.batch_line);
    const ApiResponse response =
        SearchFromParams(f.searcher, c.params, {}, ServeLimits{});
    CHECK(response.status == 200);
    json expected = BatchLines(f.searcher, c.batch_line + "\n").at(0);
    expected.erase("line");
    CHECK(Parsed(response) == expected);
  }
}

TEST_CASE("POST /api/search takes a batch request as its body") {
  Fixture f;
  const ApiResponse response = SearchFromBody(
      f.searcher, "{\n \"query\": \"talks\",\n \"limit\": 2\n}\n", {}, {});
  REQUIRE(response.status == 200);
  json expected =
      BatchLines(f.searcher, "{\"query\":\"talks\",\"limit\":2}\n").at(0);
  expected.erase("line");
  CHECK(Parsed(response) == expected);
  // A plain query line works too, as in batch mode.
  CHECK(Parsed(SearchFromBody(f.searcher, "golan\n", {},
                              {}))["total"]["lower"] == 1);
  CHECK(SearchFromBody(f.searcher, "golan\ntalks\n", {}, {}).status == 400);
}

TEST_CASE("a request with neither a query nor a filter is a query error") {
  // As on the command line and in batch mode: nothing to search for is a
  // mistake (a client that lost its query), not a listing of everything.
  Fixture f;
  for (const ApiResponse& response :
       {SearchFromParams(f.searcher, {}, {}, ServeLimits{}),
        SearchFromParams(f.searcher, {{"query", " "}, {"limit", "3"}}, {},
                         ServeLimits{}),
        SearchFromBody(f.searcher, "{}", {}, {}),
        SearchFromBody(f.searcher, "{\"limit\": 3}\n", {}, {}),
        SearchFromBody(f.searcher, "", {}, {})}) {
    CAPTURE(response.body);
    CHECK(response.status == 400);
    const json j = json::parse(response.body);
    CHECK(j["kind"] == "query");
    CHECK(j["message"].get<std::string>().find("empty query") !=
          std::string::npos);
  }
  CHECK(Batch(f.searcher, "{}\n", {}, ServeLimits{})
            .body.find("\"kind\":\"query\"") != std::string::npos);
  // A filter alone is a request: every article it matches.
  const ApiResponse filtered =
      SearchFromBody(f.searcher, "{\"since\": \"1900\"}", {}, {});
  CHECK(filtered.status == 200);
  CHECK(Parsed(filtered)["total"]["lower"] > 0);
}

TEST_CASE("POST /api/batch answers exactly as searcher --batch does") {
  Fixture f;
  const std::string input =
      "golan\n"
      "{\"query\": \"talks\", \"facets\": true}\n"
      "{\"limit\": \"ten\"}\n"
      "\"unbalanced\n"
      "{\"query\": \"talks\", \"person\": \"al-sharaa\"}\n";
  const ApiResponse response = Batch(f.searcher, input, {}, ServeLimits{});
  CHECK(response.status == 200);
  CHECK(response.content_type == "application/x-ndjson");
  std::vector<json> got;
  std::istringstream in(response.body);
  for (std::string line; std::getline(in, line);) {
    json j = json::parse(line);
    j.erase("seconds");
    got.push_back(std::move(j));
  }
  const std::vector<json> expected = BatchLines(f.searcher, input);
  REQUIRE(expected.size() == 5);
  CHECK(got == expected);
}

TEST_CASE("bad requests get 400 and an error object naming what was wrong") {
  Fixture f;
  struct Case {
    ApiParams params;
    std::string kind;
    std::string named;  // a part of the message
  };
  const std::vector<Case> cases = {
      {{{"query", "talks"}, {"limit", "ten"}}, "request", "'limit'"},
      {{{"query", "talks"}, {"limit", "-1"}}, "request", "'limit'"},
      {{{"query", "talks"}, {"facets", "maybe"}}, "request", "'facets'"},
      {{{"q", "talks"}}, "request", "'q'"},
      {{{"query", "talks"}, {"sort", "best"}}, "request", "'sort'"},
      {{{"query", "a"}, {"query", "b"}}, "request", "'query'"},
      {{{"query", "talks"}, {"since", "2025-13"}}, "query", "2025-13"},
      {{{"query", "talks"}, {"until", "yesterday"}}, "query", "yesterday"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.named);
    const ApiResponse response =
        SearchFromParams(f.searcher, c.params, {}, ServeLimits{});
    CHECK(response.status == 400);
    const json j = json::parse(response.body);
    CHECK(j["type"] == "error");
    CHECK(j["kind"] == c.kind);
    CHECK(j["message"].get<std::string>().find(c.named) != std::string::npos);
  }
}

TEST_CASE("the server's caps on query length, limit, offset and batch size") {
  Fixture f;
  ServeLimits limits;
  limits.max_query_bytes = 10;
  limits.max_limit = 10;
  limits.max_offset = 20;
  limits.max_batch_lines = 2;
  struct Case {
    ApiParams params;
    int status;
  };
  const std::vector<Case> cases = {
      {{{"query", "talks"}, {"limit", "10"}, {"offset", "20"}}, 200},
      {{{"query", "talks"}, {"limit", "11"}}, 400},
      {{{"query", "talks"}, {"offset", "21"}}, 400},
      {{{"query", "0123456789"}}, 200},
      {{{"query", "0123456789a"}}, 400},
  };
  for (const Case& c : cases) {
    CAPTURE(c.params.back().second);
    const ApiResponse response =
        SearchFromParams(f.searcher, c.params, {}, limits);
    CHECK(response.status == c.status);
    if (c.status == 400) {
      CHECK(json::parse(response.body)["message"].get<std::string>().find(
                "more than this server allows") != std::string::npos);
    }
  }
  CHECK(Batch(f.searcher, "a\nb\n", {}, limits).status == 200);
  CHECK(Batch(f.searcher, "a\nb\nc\n", {}, limits).status == 400);
  // Within a batch, a line over the caps gets an error object, as a
  // malformed line does, and the others their answers.
  const ApiResponse batch = Batch(
      f.searcher, "talks\n{\"query\":\"talks\",\"limit\":11}\n", {}, limits);
  std::istringstream lines(batch.body);
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  CHECK(json::parse(first)["type"] == "result");
  CHECK(json::parse(second)["type"] == "error");
  CHECK(json::parse(second)["kind"] == "request");
}

TEST_CASE("GET /api/article/ID gives the stored article, or 404") {
  Fixture f;
  const ApiResponse response = ArticleById(f.articles, "2024/golan.txt");
  REQUIRE(response.status == 200);
  const json j = json::parse(response.body);
  CHECK(j["type"] == "article");
  CHECK(j["format_version"] == 1);
  CHECK(j["id"] == "2024/golan.txt");
  CHECK(j["title"] == "Golan border quiet");
  CHECK(j["date"] == "2024-03-10");
  CHECK(j["path"].get<std::string>().ends_with("/corpus/2024/golan.txt"));
  CHECK(j["body"].get<std::string>().find("patrolled the Golan Heights") !=
        std::string::npos);
  bool trump = false;
  for (const json& e : j["entities"]) {
    if (e["type"] == "person" && e["name"] == "Donald Trump") {
      trump = true;
      CHECK(e["key"] == "donald trump");
    }
  }
  CHECK(trump);
  // Field by field as docs/json-format.md specifies it.
  const auto spec = testing::ReadFormatSpec(std::string(GAZETTE_SOURCE_DIR) +
                                            "/docs/json-format.md");
  CHECK(testing::SpecViolations(j, spec.at("article")).empty());
  const testing::FieldTable entity =
      testing::Join({spec.at("entity"), {{"key", {"string"}, false}}});
  for (const json& e : j["entities"])
    CHECK(testing::SpecViolations(e, entity).empty());
  CHECK(json::parse(ArticleById(f.articles, "undated.txt").body)["date"] ==
        nullptr);

  const ApiResponse missing = ArticleById(f.articles, "2024/nothing.txt");
  CHECK(missing.status == 404);
  CHECK(json::parse(missing.body)["kind"] == "not_found");
}

TEST_CASE("HTTP statuses say what the exit codes say") {
  const std::vector<std::pair<ErrorKind, int>> cases = {
      {ErrorKind::kUsage, 400},         {ErrorKind::kQuery, 400},
      {ErrorKind::kFormatVersion, 400}, {ErrorKind::kIndexMissing, 503},
      {ErrorKind::kIndexCorrupt, 500},  {ErrorKind::kArticleDamaged, 500},
  };
  for (const auto& c : cases) {
    CAPTURE(c.second);
    CHECK(HttpStatusFor(c.first) == c.second);
  }
}

}  // namespace
}  // namespace gazette
