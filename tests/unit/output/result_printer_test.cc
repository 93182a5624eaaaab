// The names and versions the printers answer to: what --format,
// --highlight and --format-version accept.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gazette/printers.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

std::vector<std::string> Split(const std::string& list) {
  std::vector<std::string> out;
  size_t begin = 0;
  for (size_t comma; (comma = list.find(", ", begin)) != std::string::npos;
       begin = comma + 2) {
    out.push_back(list.substr(begin, comma - begin));
  }
  out.push_back(list.substr(begin));
  return out;
}

TEST_CASE("output format names parse back; unknown ones do not") {
  struct Case {
    OutputFormat format;
    std::string name;
  };
  const Case cases[] = {
      {OutputFormat::kText, "text"},   {OutputFormat::kJson, "json"},
      {OutputFormat::kJsonl, "jsonl"}, {OutputFormat::kPaths, "paths"},
      {OutputFormat::kTsv, "tsv"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(OutputFormatName(c.format) == c.name);
    CHECK(ParseOutputFormat(c.name) == c.format);
  }
  for (const std::string name :
       {"", "csv", "JSON", "json ", "ndjson", "path"}) {
    CAPTURE(name);
    CHECK_FALSE(ParseOutputFormat(name));
  }
}

TEST_CASE("the list of output formats for messages names each one once") {
  const std::vector<std::string> names = Split(OutputFormatNames());
  CHECK(names ==
        std::vector<std::string>{"text", "json", "jsonl", "paths", "tsv"});
  for (const std::string& name : names) {
    CAPTURE(name);
    CHECK(ParseOutputFormat(name));
  }
}

TEST_CASE("highlight names parse back; unknown ones do not") {
  struct Case {
    Highlight highlight;
    std::string name;
  };
  const Case cases[] = {
      {Highlight::kNone, "none"},
      {Highlight::kAnsi, "ansi"},
      {Highlight::kMarkers, "markers"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(HighlightName(c.highlight) == c.name);
    CHECK(ParseHighlight(c.name) == c.highlight);
  }
  for (const std::string name :
       {"", "auto", "bold", "ANSI", "marker", "never"}) {
    CAPTURE(name);
    CHECK_FALSE(ParseHighlight(name));
  }
}

TEST_CASE(
    "the printers write the newest format version and say which they can") {
  const auto versions = SupportedFormatVersions();
  REQUIRE_FALSE(versions.empty());
  CHECK(versions.back() == kJsonFormatVersion);
  CHECK(std::is_sorted(versions.begin(), versions.end()));
  std::vector<std::string> listed;
  for (int v : versions) {
    CAPTURE(v);
    CHECK(v >= 1);
    CHECK(IsSupportedFormatVersion(v));
    listed.push_back(std::to_string(v));
  }
  CHECK(Split(SupportedFormatVersionNames()) == listed);
  for (int v : {0, -1, kJsonFormatVersion + 1, 1000}) {
    CAPTURE(v);
    CHECK_FALSE(IsSupportedFormatVersion(v));
  }
}

TEST_CASE("docs/json-format.md specifies the version the printers write") {
  const std::string doc = testing::ReadFile(std::string(GAZETTE_SOURCE_DIR) +
                                            "/docs/json-format.md");
  CHECK(doc.rfind("# Gazette machine output, format version " +
                      std::to_string(kJsonFormatVersion) + "\n",
                  0) == 0);
}

}  // namespace
}  // namespace gazette
