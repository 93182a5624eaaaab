// Every value the programs print can be fed back: each facet value (people,
// places, organisations, groups, years, months), each hit's date, id and
// source, through the filter of its kind, finds the count printed. A property
// test over a real index of a varied corpus; set $GAZETTE_ROUND_TRIP_DB to
// run the same checks on another index (a Reuters one, say) as well.
#include <doctest/doctest.h>

#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/e2e/e2e_support.h"
#include "tests/support/synthetic_corpus.h"

namespace gazette {
namespace {

using nlohmann::json;
using testing::kIndexer;
using testing::kSearcher;
using testing::kSource;
using testing::Run;
using testing::RunResult;
using testing::TempDir;

// A filter value in the query syntax: in double quotes, a quote doubled.
std::string Quoted(const std::string& value) {
  std::string out = "\"";
  for (const char c : value) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

// One request of the batch and the count it must give.
struct Check {
  std::string what;  // for the failure message
  json request;
  uint64_t count;
  std::string id = "";  // the hit it must find, for ids
};

// Answers every request through one batch process.
std::vector<json> AskAll(const std::string& db,
                         const std::vector<Check>& checks) {
  std::string input;
  for (const Check& c : checks) input += c.request.dump() + "\n";
  const RunResult r = Run({kSearcher, "--db", db, "--batch"}, input);
  std::vector<json> answers;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);)
    answers.push_back(json::parse(line));
  REQUIRE_MESSAGE(answers.size() == checks.size(), r.err);
  return answers;
}

json SearchAll(const std::string& db, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {kSearcher, "--db", db, "--format", "json"};
  argv.insert(argv.end(), args.begin(), args.end());
  const RunResult r = Run(argv);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return json::parse(r.out);
}

json Count(const std::string& query) {
  return {{"query", query}, {"limit", 0}, {"exact", true}};
}

// Entity facet values: by the query syntax and, where there is one, by the
// request field of the same name; `base` is the query they were counted
// for.
void AddEntityChecks(const json& values, const std::string& type,
                     const std::string& base, std::vector<Check>& checks) {
  for (const json& v : values) {
    const std::string value = v["value"];
    const uint64_t count = v["count"];
    checks.push_back({type + " " + value,
                      Count(base + " " + type + ":" + Quoted(value)), count});
    if (type != "group") {
      json request = Count(base);
      request[type] = value;
      checks.push_back({"--" + type + " " + value, request, count});
    }
  }
}

// The checks for every value printed about the index at `db`.
std::vector<Check> RoundTrips(const std::string& db) {
  std::vector<Check> checks;
  // All articles: NOT of a word no article has.
  const std::string all = "NOT zzyzxq";
  const json everything = SearchAll(db, {"--facets", "--limit", "0", all});
  REQUIRE(everything["total"]["exact"] == true);
  // Every hit, a page of at most 10000 at a time.
  std::vector<json> hits;
  while (hits.size() < everything["total"]["lower"]) {
    const json page = SearchAll(
        db, {"--limit", "10000", "--offset", std::to_string(hits.size()), all});
    REQUIRE(!page["hits"].empty());
    for (const json& hit : page["hits"]) hits.push_back(hit);
  }
  std::map<std::string, uint64_t> days, months, years, sources;
  for (const json& hit : hits) {
    const std::string id = hit["id"];
    checks.push_back(
        {"id " + id, {{"query", "id:" + Quoted(id)}, {"limit", 1}}, 1, id});
    if (!hit["source"].is_null()) ++sources[hit["source"]];
    if (hit["date"].is_null()) continue;
    const std::string date = hit["date"];
    ++days[date];
    ++months[date.substr(0, 7)];
    ++years[date.substr(0, 4)];
  }
  REQUIRE(!sources.empty());
  for (const auto& [source, count] : sources) {
    checks.push_back(
        {"source " + source, Count("source:" + Quoted(source)), count});
    json request = Count("");
    request["source"] = source;
    checks.push_back({"--source " + source, request, count});
  }
  for (const auto& [day, count] : days) {
    checks.push_back({"day " + day, Count("day:" + day), count});
    checks.push_back({"date " + day, Count("date:" + day), count});
  }
  const json& facets = everything["facets"];
  REQUIRE(facets["month"].size() == months.size());
  for (const json& m : facets["month"]) {
    const std::string month = m["value"];
    CHECK(m["count"] == months[month]);
    checks.push_back({"month " + month, Count("month:" + month), m["count"]});
    checks.push_back({"date " + month, Count("date:" + month), m["count"]});
  }
  REQUIRE(facets["year"].size() == years.size());
  for (const json& y : facets["year"]) {
    const std::string year = y["value"];
    CHECK(y["count"] == years[year]);
    checks.push_back({"year " + year, Count("year:" + year), y["count"]});
  }
  // Counted over every article: the filter alone counts the same.
  for (const char* type : {"person", "place", "org", "group"})
    AddEntityChecks(facets[type], type, "", checks);
  // The facets of a narrower query count within it.
  const json talks = SearchAll(db, {"--facets", "talks"});
  for (const char* type : {"person", "place", "org", "group"})
    AddEntityChecks(talks["facets"][type], type, "talks", checks);
  // indexer stats lists every entity (up to --top) and every year.
  const RunResult stats_run = Run(
      {kIndexer, "stats", "--db", db, "--format", "json", "--top", "10000"});
  REQUIRE(stats_run.exit_code == 0);
  const json stats = json::parse(stats_run.out);
  for (const char* type : {"person", "place", "org", "group"})
    AddEntityChecks(stats["top"][type], type, "", checks);
  for (const json& y : stats["year"]) {
    checks.push_back({"stats year",
                      Count("year:" + y["value"].get<std::string>()),
                      y["count"]});
  }
  return checks;
}

void CheckRoundTrips(const std::string& db) {
  const std::vector<Check> checks = RoundTrips(db);
  const std::vector<json> answers = AskAll(db, checks);
  size_t failed = 0;
  for (size_t i = 0; i < checks.size(); ++i) {
    const Check& c = checks[i];
    const json& a = answers[i];
    const bool ok =
        a["type"] == "result" && a["total"]["lower"] == c.count &&
        (c.id.empty() || (a["hits"].size() == 1 && a["hits"][0]["id"] == c.id));
    if (!ok && ++failed <= 20) {
      CAPTURE(c.what);
      CAPTURE(c.request.dump());
      CAPTURE(c.count);
      CAPTURE(a.dump().substr(0, 300));
      CHECK(ok);
    }
  }
  CHECK(failed == 0);
  MESSAGE(db << ": " << checks.size() << " values fed back, " << failed
             << " did not count back");
}

TEST_CASE(
    "every value printed (facets, months, days, years, ids) counts back "
    "through its filter to the count printed") {
  TempDir dir;
  const std::string corpus = dir / "corpus";
  testing::WriteFixtureCorpus(corpus + "/fixture");
  testing::WriteSyntheticCorpus(corpus + "/synthetic", 120, 14);
  testing::WriteFile(
      corpus + "/seed.txt",
      testing::ReadFile(kSource + "/corpus/" + testing::kSeedId));
  // Ids that need quoting: spaces, brackets, quotes, a tab, a '#'.
  testing::WriteFile(corpus + "/odd/my (draft) file.txt",
                     "date: 2025-02-03\nA draft about the talks in Syria.\n");
  testing::WriteFile(corpus + "/odd/say \"hi\".txt",
                     "date: 2025-02-03\nPresident Donald Trump said hi.\n");
  testing::WriteFile(corpus + "/odd/tab\there.txt",
                     "date: 2025-02-04\nTalks in Damascus.\n");
  testing::WriteFile(corpus + "/odd/feed.jsonl",
                     "{\"id\": \"a b\", \"date\": \"2025-03-01\", \"body\": "
                     "\"Talks with Israel.\"}\n"
                     "{\"id\": \"x)y\", \"body\": \"Undated talks.\"}\n"
                     "{\"date\": \"2025-03-02\", \"body\": \"By number.\"}\n");
  const RunResult build = Run({kIndexer, "build", corpus, "--db", dir / "db"});
  REQUIRE_MESSAGE(build.exit_code == 0, build.err);
  CheckRoundTrips(dir / "db");
  if (const char* other = std::getenv("GAZETTE_ROUND_TRIP_DB"))
    CheckRoundTrips(other);
}

}  // namespace
}  // namespace gazette
