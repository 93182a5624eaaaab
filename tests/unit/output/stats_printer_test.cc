#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "gazette/printers.h"
#include "tests/support/format_spec.h"

namespace gazette {
namespace {

using nlohmann::json;

IndexStats SampleStats() {
  IndexStats s;
  s.path = "/data/gazette.db";
  s.articles = 5;
  s.undated = 1;
  s.first_date = ParseIsoDate("2024-03-10");
  s.last_date = ParseIsoDate("2025-06-15");
  s.bytes = 3 * 1024 * 1024 + 17;
  s.entities.exact = true;
  s.entities.persons = {{"Donald Trump", "donald trump", 2},
                        {"Ahmed al-Sharaa", "ahmed al-sharaa", 1}};
  s.entities.places = {{"Golan Heights", "golan heights", 1}};
  s.entities.orgs = {{"Central Bank", "central bank", 1}};
  s.entities.years = {{"2024", "2024", 1}, {"2025", "2025", 3}};
  s.entities.months = {{"2024-03", "2024-03", 1}};
  return s;
}

std::string Print(const IndexStats& s, OutputFormat format) {
  std::ostringstream out;
  PrintIndexStats(out, s, format);
  return out.str();
}

const testing::FieldTable& Table(const std::string& name) {
  static const auto spec = testing::ReadFormatSpec(
      std::string(GAZETTE_SOURCE_DIR) + "/docs/json-format.md");
  const auto it = spec.find(name);
  REQUIRE_MESSAGE(it != spec.end(),
                  "docs/json-format.md has no table '" << name << "'");
  return it->second;
}

void CheckConforms(const json& object, const testing::FieldTable& table,
                   const std::string& what) {
  for (const std::string& problem : testing::SpecViolations(object, table)) {
    FAIL_CHECK(what << ": " << problem);
  }
}

// Parses one line, checked against the document's tables.
json ParsedStats(const IndexStats& s) {
  const std::string out = Print(s, OutputFormat::kJson);
  REQUIRE(out.size() > 1);
  CHECK(out.find('\n') == out.size() - 1);
  const json j = json::parse(out);
  CheckConforms(j, Table("stats"), "stats");
  const testing::FieldTable value =
      testing::Without(Table("facet value"), {"key"});
  for (const std::string type : {"person", "place", "org", "group"}) {
    CAPTURE(type);
    REQUIRE(j["top"][type].is_array());
    for (const json& v : j["top"][type]) CheckConforms(v, value, "top value");
  }
  for (const json& v : j["year"]) CheckConforms(v, value, "year");
  return j;
}

TEST_CASE("stats json is one documented line with every number") {
  const json j = ParsedStats(SampleStats());
  CHECK(j["type"] == "stats");
  CHECK(j["format_version"] == kJsonFormatVersion);
  CHECK(j["path"] == "/data/gazette.db");
  CHECK(j["articles"] == 5);
  CHECK(j["undated"] == 1);
  CHECK(j["first_date"] == "2024-03-10");
  CHECK(j["last_date"] == "2025-06-15");
  CHECK(j["bytes"] == 3 * 1024 * 1024 + 17);
  CHECK(j["top"]["person"] ==
        json::parse(R"([{"value":"Donald Trump","count":2},
                        {"value":"Ahmed al-Sharaa","count":1}])"));
  CHECK(j["top"]["place"] ==
        json::parse(R"([{"value":"Golan Heights","count":1}])"));
  CHECK(j["top"]["org"] ==
        json::parse(R"([{"value":"Central Bank","count":1}])"));
  CHECK(j["top"]["group"] == json::array());
  CHECK(j["year"] == json::parse(R"([{"value":"2024","count":1},
                                     {"value":"2025","count":3}])"));
}

TEST_CASE("stats json of an empty index has null dates and empty lists") {
  IndexStats s;
  s.path = "/data/empty.db";
  const json j = ParsedStats(s);
  CHECK(j["articles"] == 0);
  CHECK(j["undated"] == 0);
  CHECK(j["first_date"].is_null());
  CHECK(j["last_date"].is_null());
  CHECK(j["year"] == json::array());
  for (const std::string type : {"person", "place", "org", "group"})
    CHECK(j["top"][type] == json::array());
}

TEST_CASE("stats json writes a path that is not UTF-8 with U+FFFD") {
  IndexStats s = SampleStats();
  s.path = "/data/caf\xe9.db";
  const json j = ParsedStats(s);
  CHECK(j["path"] == "/data/caf\xef\xbf\xbd.db");
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST_CASE("stats text gives a line per fact, leaving out empty ones") {
  CHECK(Lines(Print(SampleStats(), OutputFormat::kText)) ==
        std::vector<std::string>{
            "index:      /data/gazette.db",
            "articles:   5 (1 without a date)",
            "dates:      2024-03-10 to 2025-06-15",
            "size:       3 MB (3145745 bytes)",
            "people:     Donald Trump (2), Ahmed al-Sharaa (1)",
            "places:     Golan Heights (1)",
            "orgs:       Central Bank (1)",
        });
  IndexStats empty;
  empty.path = "/data/empty.db";
  CHECK(Lines(Print(empty, OutputFormat::kText)) ==
        std::vector<std::string>{"index:      /data/empty.db", "articles:   0",
                                 "size:       0 KB (0 bytes)"});
}

TEST_CASE("stats text rounds the size to the nearest KB or MB") {
  struct Case {
    uint64_t bytes;
    const char* size;
  };
  const Case cases[] = {
      {0, "0 KB (0 bytes)"},
      {511, "0 KB (511 bytes)"},
      {512, "1 KB (512 bytes)"},
      {1536, "2 KB (1536 bytes)"},
      {1024 * 1024 - 513, "1023 KB (1048063 bytes)"},
      {1024 * 1024 - 512, "1 MB (1048064 bytes)"},  // never "1024 KB"
      {1024 * 1024 - 1, "1 MB (1048575 bytes)"},
      {1024 * 1024, "1 MB (1048576 bytes)"},
      {1024 * 1024 + 512 * 1024 - 1, "1 MB (1572863 bytes)"},
      {1024 * 1024 + 512 * 1024, "2 MB (1572864 bytes)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.bytes);
    IndexStats s;
    s.bytes = c.bytes;
    const std::vector<std::string> lines = Lines(Print(s, OutputFormat::kText));
    REQUIRE(lines.size() == 3);
    CHECK(lines[2] == std::string("size:       ") + c.size);
  }
}

}  // namespace
}  // namespace gazette
