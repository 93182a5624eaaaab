#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "common/result_printer.h"
#include "tests/printer_fixture.h"

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
        json::parse(R"({"estimated":7,"lower":5,"upper":9,"exact":false})"));
  REQUIRE(r["hits"].size() == 2);
  CHECK(r["hits"][0]["highlights"] == json::parse("[[4,9],[10,15]]"));
  CHECK(r["hits"][0]["date"] == "2025-05-28");
  CHECK(r["hits"][1]["date"].is_null());
  CHECK(r["hits"][1]["title"] == "Line\nbreak\rtitle");
  CHECK(!r.contains("facets"));
  // Keys come in the order the document lists them.
  CHECK(out.str().rfind(R"({"type":"result","format_version":1,"query":)", 0) ==
        0);
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

TEST_CASE("error objects carry kind, message and version") {
  const json e = json::parse(DumpJsonLine(ErrorToJson("query", "bad date")));
  CHECK(
      e ==
      json::parse(
          R"({"type":"error","format_version":1,"kind":"query","message":"bad date"})"));
}

TEST_CASE("format names and versions parse back") {
  for (const char* name : {"text", "json", "jsonl", "paths", "tsv"}) {
    const auto f = ParseOutputFormat(name);
    REQUIRE(f);
    CHECK(OutputFormatName(*f) == name);
  }
  CHECK(!ParseOutputFormat("csv"));
  CHECK(OutputFormatNames() == "text, json, jsonl, paths, tsv");
  CHECK(IsSupportedFormatVersion(kJsonFormatVersion));
  CHECK(!IsSupportedFormatVersion(0));
  CHECK(!IsSupportedFormatVersion(kJsonFormatVersion + 1));
  CHECK(SupportedFormatVersionNames() == "1");
}

}  // namespace
}  // namespace gazette
