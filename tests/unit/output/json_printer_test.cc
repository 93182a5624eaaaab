#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "gazette/printers.h"
#include "tests/unit/output/printer_fixture.h"

namespace gazette {
namespace {

using nlohmann::json;

std::vector<json> ParsedLines(const std::string& text) {
  std::vector<json> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(json::parse(line));
  return lines;
}

TEST_CASE("json printer writes one line holding the whole result") {
  std::ostringstream out;
  MakeJsonPrinter(out)->Print(testing::TwoHitResult());
  const auto lines = ParsedLines(out.str());
  REQUIRE(lines.size() == 1);
  const json& r = lines[0];
  CHECK(r["type"] == "result");
  CHECK(r["format_version"] == kJsonFormatVersion);
  CHECK(r["total"] ==
        json::parse(R"({"estimated":7,"lower":5,"upper":9,"exact":false,)"
                    R"("exact_up_to":10000})"));
  REQUIRE(r["hits"].size() == 2);
  CHECK(r["hits"][0]["highlights"] == json::parse("[[4,9],[10,15]]"));
  CHECK(r["hits"][0]["date"] == "2025-05-28");
  CHECK(r["hits"][1]["date"].is_null());
  CHECK(r["hits"][1]["title"] == "Line\nbreak\rtitle");
  // The stored source and url come back; a missing one is null.
  CHECK(r["hits"][0]["source"] == "Reuters");
  CHECK(r["hits"][0]["url"] == "https://example.org/a");
  CHECK(r["hits"][1]["source"] == "Wire\tservice");
  CHECK(r["hits"][1]["url"].is_null());
  CHECK(!r.contains("facets"));
  // Near duplicates: an article alone has no group.
  CHECK(r["hits"][1]["group"].is_null());
  CHECK(r["hits"][1]["group_size"] == 1);
  CHECK(r["hits"][1]["similar"] == 0);
  // Keys come in the order the document lists them.
  CHECK(out.str().rfind(R"({"type":"result","format_version":1,"query":)", 0) ==
        0);
}

TEST_CASE("json printer gives a hit's near-duplicate group and its counts") {
  SearchResult result = testing::TwoHitResult();
  result.hits[0].group = "2024/a.txt";
  result.hits[0].group_size = 4;
  result.hits[0].similar = 2;
  std::ostringstream out;
  MakeJsonPrinter(out)->Print(result);
  const json hit = ParsedLines(out.str()).at(0)["hits"][0];
  CHECK(hit["group"] == "2024/a.txt");
  CHECK(hit["group_size"] == 4);
  CHECK(hit["similar"] == 2);
}

TEST_CASE("jsonl printer writes a line per hit, then a summary") {
  std::ostringstream out;
  MakeJsonLinesPrinter(out)->Print(testing::TwoHitResult());
  const auto lines = ParsedLines(out.str());
  REQUIRE(lines.size() == 3);
  CHECK(lines[0]["type"] == "hit");
  CHECK(lines[0]["rank"] == 1);
  CHECK(lines[1]["id"] == "odd\tname\\x.txt");
  CHECK(lines[2]["type"] == "summary");
  CHECK(lines[2]["shown"] == 2);
  CHECK(!lines[2].contains("hits"));
  for (const json& line : lines) CHECK(line["format_version"] == 1);
}

TEST_CASE("file names that are not UTF-8 are replaced, not fatal") {
  SearchResult r = testing::TwoHitResult();
  r.hits[0].path = "/news/caf\xe9.txt";
  std::ostringstream out;
  MakeJsonPrinter(out)->Print(r);
  const json parsed = json::parse(out.str());
  CHECK(parsed["hits"][0]["path"] == "/news/caf\xef\xbf\xbd.txt");
}

TEST_CASE("json lines replace each byte that is not UTF-8 with U+FFFD") {
  const std::string r = "\xef\xbf\xbd";  // U+FFFD
  struct Case {
    std::string name;
    std::string in;
    std::string out;
  };
  const Case cases[] = {
      {"valid UTF-8 as it is", "caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x8c\x8d",
       "caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x8c\x8d"},
      {"Latin-1", "caf\xe9.txt", "caf" + r + ".txt"},
      {"bytes that never start a character", "\xff\xfe\x80", r + r + r},
      {"a character cut short", "a\xe2\x80z", "a" + r + r + "z"},
      {"a character cut short at the end", "a\xf0\x9f\x8c", "a" + r + r + r},
      {"an overlong form", "\xc0\xaf", r + r},
      {"a surrogate", "\xed\xa0\x80", r + r + r},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    nlohmann::ordered_json object;
    object["path" + c.in] = c.in;
    const std::string line = DumpJsonLine(object);
    CHECK(line.find('\n') == std::string::npos);
    const json parsed = json::parse(line);
    REQUIRE(parsed.size() == 1);
    CHECK(parsed.begin().key() == "path" + c.out);
    CHECK(parsed.begin().value() == c.out);
  }
}

// The documented object for `r` built as a tree, field by field, and
// written by nlohmann: what the printers' direct writer must equal byte for
// byte.
std::string ReferenceLine(const SearchResult& r, size_t line) {
  using ojson = nlohmann::ordered_json;
  const auto facet_list = [](const std::vector<FacetValue>& values,
                             bool with_key) {
    ojson list = ojson::array();
    for (const FacetValue& v : values) {
      ojson item = ojson::object();
      item["value"] = v.value;
      item["count"] = v.count;
      if (with_key) item["key"] = v.key;
      list.push_back(item);
    }
    return list;
  };
  ojson j = ojson::object();
  j["type"] = "result";
  j["format_version"] = 1;
  j["query"] = r.request.query;
  j["offset"] = r.request.offset;
  j["limit"] = r.request.limit;
  j["sort"] = SortOrderName(r.request.sort);
  ojson total = ojson::object();
  total["estimated"] = r.totals.estimated;
  total["lower"] = r.totals.lower;
  total["upper"] = r.totals.upper;
  total["exact"] = r.totals.exact();
  if (r.request.exact_total || r.request.facets || r.request.timeline) {
    total["exact_up_to"] = nullptr;
  } else {
    total["exact_up_to"] = r.request.count_exactly_up_to;
  }
  j["total"] = total;
  j["seconds"] = r.seconds;
  if (r.suggestion) {
    ojson s = ojson::object();
    s["query"] = r.suggestion->query;
    s["total"] = r.suggestion->total;
    j["suggestion"] = s;
  }
  if (r.facets) {
    ojson f = ojson::object();
    f["exact"] = r.facets->exact;
    if (r.facets->sample) {
      f["sample"] = {{"counted", r.facets->sample->counted},
                     {"matches", r.facets->sample->matches}};
    }
    f["person"] = facet_list(r.facets->persons, true);
    f["place"] = facet_list(r.facets->places, true);
    f["org"] = facet_list(r.facets->orgs, true);
    f["group"] = facet_list(r.facets->groups, true);
    f["year"] = facet_list(r.facets->years, false);
    f["month"] = facet_list(r.facets->months, false);
    j["facets"] = f;
  }
  if (r.timeline) {
    ojson t = ojson::object();
    t["unit"] = r.timeline->unit;
    t["exact"] = r.timeline->exact;
    ojson buckets = ojson::array();
    for (const TimelineBucket& b : r.timeline->buckets) {
      ojson bucket = ojson::object();
      bucket["date"] = b.date;
      bucket["count"] = b.count;
      buckets.push_back(bucket);
    }
    t["buckets"] = buckets;
    j["timeline"] = t;
  }
  ojson hits = ojson::array();
  for (const Hit& hit : r.hits) {
    ojson h = ojson::object();
    h["rank"] = hit.rank;
    h["id"] = hit.id;
    h["path"] = hit.path;
    h["title"] = hit.title;
    h["date"] = hit.date ? ojson(hit.date->ToIso()) : ojson(nullptr);
    h["score"] = hit.score;
    h["snippet"] = hit.snippet.text;
    ojson highlights = ojson::array();
    for (const auto& range : hit.snippet.highlights)
      highlights.push_back({range.first, range.second});
    h["highlights"] = highlights;
    ojson entities = ojson::array();
    for (const ArticleEntity& e : hit.entities) {
      ojson entity = ojson::object();
      entity["type"] = EntityTypeName(e.type);
      entity["name"] = e.name;
      entity["derived"] = e.derived;
      entities.push_back(entity);
    }
    h["entities"] = entities;
    h["source"] = hit.source.empty() ? ojson(nullptr) : ojson(hit.source);
    h["url"] = hit.url.empty() ? ojson(nullptr) : ojson(hit.url);
    h["group"] = hit.group.empty() ? ojson(nullptr) : ojson(hit.group);
    h["group_size"] = hit.group_size;
    h["similar"] = hit.similar;
    hits.push_back(h);
  }
  j["hits"] = hits;
  if (line > 0) j["line"] = line;
  return DumpJsonLine(j);
}

TEST_CASE("result lines equal the documented object as nlohmann writes it") {
  SearchResult r = testing::TwoHitResult();
  CHECK(ResultJsonLine(r) == ReferenceLine(r, 0));
  CHECK(ResultJsonLine(r, 1, 42) == ReferenceLine(r, 42));
  // Every kind of string and number the writer handles its own way.
  r.request.query =
      "\"quoted\" back\\slash \x01\x1f\x7f caf\xc3\xa9 \xe2\x80\xa6";
  r.hits[0].title = "bad \xff\xfe UTF-8 \xc3";
  r.hits[0].snippet.text = "\xe2\x80\xa6the Golan talks\xe2\x80\xa6";
  r.hits[0].score = 0.1;
  r.hits[1].score = 3.0;
  r.seconds = 1.25e-7;
  r.totals = {123456789012ULL, 0, 18446744073709551615ULL};
  Facets facets;
  facets.exact = true;
  facets.persons = {{"Bashar al-Assad", "bashar al-assad", 12},
                    {"Tab\tname", "tab\tname", 1}};
  facets.years = {{"2025", "2025", 3}};
  r.facets = facets;
  CHECK(ResultJsonLine(r) == ReferenceLine(r, 0));
  r.suggestion = Suggestion{"Golan talks \"caf\xc3\xa9\"", 12};
  CHECK(ResultJsonLine(r) == ReferenceLine(r, 0));
  r.request.timeline = true;
  r.timeline = Timeline{"month", false, {{"2025-04", 2}, {"2025-05", 0}}};
  CHECK(ResultJsonLine(r) == ReferenceLine(r, 0));
  r.timeline = Timeline{"day", true, {}};
  CHECK(ResultJsonLine(r) == ReferenceLine(r, 0));
  r.hits.clear();
  CHECK(ResultJsonLine(r, 1, 7) == ReferenceLine(r, 7));
  // Facets chosen from a sample say so.
  r.facets->exact = false;
  r.facets->sample = Facets::Sample{10000, 987654};
  CHECK(ResultJsonLine(r) == ReferenceLine(r, 0));
  const json sampled = json::parse(ResultJsonLine(r));
  CHECK(sampled["facets"]["sample"] ==
        json::parse(R"({"counted":10000,"matches":987654})"));
}

TEST_CASE("related results give the seed, the terms and what each hit shares") {
  SearchResult r = testing::TwoHitResult();
  r.request.like = "2025/seed.txt";
  r.related =
      Related{false,
              "2025/seed.txt",
              {{"talks", "talk", {}, 1.0}, {"golan", "golan", {}, 0.5}}};
  r.hits[0].shared = {r.related->terms[1]};
  json j = json::parse(ResultJsonLine(r));
  CHECK(j["like"] == json::parse(R"({"seed":"2025/seed.txt","within_days":null,
      "terms":[{"word":"talks","stem":"talk","weight":1.0},
               {"word":"golan","stem":"golan","weight":0.5}]})"));
  CHECK(j["hits"][0]["shared_terms"] == json::parse(R"(["golan"])"));
  CHECK(j["hits"][1]["shared_terms"] == json::array());
  CHECK_FALSE(j.contains("related_by_entities"));

  r.request.like.reset();
  r.request.related_by_entities = "2025/seed.txt";
  r.request.within_days = 30;
  r.related = Related{
      true,
      "2025/seed.txt",
      {{"Ahmed al-Sharaa", "ahmed al-sharaa", EntityType::kPerson, 2.5}}};
  r.hits[0].shared = r.related->terms;
  r.hits[1].shared.clear();
  j = json::parse(ResultJsonLine(r));
  CHECK(j["related_by_entities"] ==
        json::parse(R"({"seed":"2025/seed.txt","within_days":30,
      "entities":[{"type":"person","name":"Ahmed al-Sharaa",
                   "key":"ahmed al-sharaa","weight":2.5}]})"));
  CHECK(j["hits"][0]["shared_entities"] ==
        json::parse(R"([{"type":"person","name":"Ahmed al-Sharaa",
                         "key":"ahmed al-sharaa"}])"));
  CHECK_FALSE(j.contains("like"));
  CHECK_FALSE(j["hits"][0].contains("shared_terms"));
}

TEST_CASE("error objects carry kind, message and version") {
  const json e = json::parse(ErrorJsonLine("query", "bad date"));
  CHECK(DumpJsonLine(ErrorToJson("query", "bad date")) ==
        ErrorJsonLine("query", "bad date"));
  CHECK(
      e ==
      json::parse(
          R"({"type":"error","format_version":1,"kind":"query","message":"bad date"})"));
}

}  // namespace
}  // namespace gazette
