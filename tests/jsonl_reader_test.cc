#include "common/jsonl_reader.h"

#include <doctest/doctest.h>

#include "tests/test_support.h"

namespace gazette {
namespace {

TEST_CASE("a JSON line becomes an article with every field") {
  const JsonLineResult r = ReadJsonLine(
      R"({"id":"a7","date":"2025-05-28T09:30:00Z","title":"Talks",)"
      R"("body":"Body\r\ntext.","url":"https://e.org/a","source":"Wire",)"
      R"("extra":[1,2]})",
      "feed.jsonl", 3, "/news");
  CHECK(r.id == "feed.jsonl#a7");
  REQUIRE(r.read.document);
  const Document& d = *r.read.document;
  CHECK(d.id == "feed.jsonl#a7");
  CHECK(d.root == "/news");
  CHECK(d.date == Date{2025, 5, 28});
  CHECK(d.title == "Talks");
  CHECK(d.title_from_header);
  CHECK(d.body == "Body\ntext.");
  CHECK(d.url == "https://e.org/a");
  CHECK(d.source == "Wire");
  CHECK(r.read.warnings.empty());
}

TEST_CASE("a JSON line without an id is named by its line number") {
  const JsonLineResult r =
      ReadJsonLine(R"({"date":"2025-01-02","body":"First sentence. Second."})",
                   "f.jsonl", 12, "/n");
  CHECK(r.id == "f.jsonl#12");
  REQUIRE(r.read.document);
  CHECK(r.read.document->title == "First sentence");
  CHECK_FALSE(r.read.document->title_from_header);
  // An integer id is used as written.
  CHECK(ReadJsonLine(R"({"id":42,"body":"x","date":"2025-01-01"})", "f.jsonl",
                     1, "/n")
            .id == "f.jsonl#42");
}

TEST_CASE("bad JSON lines are skipped with a reason") {
  struct Case {
    std::string line;
    std::string reason_part;
  };
  const Case cases[] = {
      {R"({"body": "unterminated)", "not valid JSON"},
      {R"(["a", "list"])", "not an object"},
      {R"({"id": [1], "body": "x"})", "\"id\" is array"},
      {R"({"body": 7})", "\"body\" is number"},
      {R"({"title": "", "body": "  "})", "no \"body\" or \"title\""},
      {"{\"body\": \"bad \xff utf-8\"}", "not valid JSON"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.line);
    const JsonLineResult r = ReadJsonLine(c.line, "f.jsonl", 5, "/n");
    CHECK_FALSE(r.read.document);
    REQUIRE(r.read.skip_reason);
    CHECK(r.read.skip_reason->find(c.reason_part) != std::string::npos);
  }
  // Unparseable lines still name the line's article, so what was indexed
  // from that line before can be kept.
  CHECK(ReadJsonLine("{", "f.jsonl", 5, "/n").id == "f.jsonl#5");
}

TEST_CASE("a missing or bad date is a warning, not a skip") {
  for (const char* line : {R"({"body":"x"})", R"({"body":"x","date":"1987"})",
                           R"({"body":"x","date":"2025-02-30"})"}) {
    CAPTURE(line);
    const JsonLineResult r = ReadJsonLine(line, "f.jsonl", 1, "/n");
    REQUIRE(r.read.document);
    CHECK_FALSE(r.read.document->date);
    CHECK(r.read.warnings.size() == 1);
  }
}

TEST_CASE("line chunks cover the file in whole lines, numbered") {
  testing::TempDir dir;
  std::string content;
  for (int i = 1; i <= 100; ++i) content += "line " + std::to_string(i) + "\n";
  content += "last line without a newline";
  testing::WriteFile(dir / "f.jsonl", content);
  std::string error;
  const auto chunks = SplitIntoLineChunks(dir / "f.jsonl", 64, &error);
  REQUIRE(chunks);
  CHECK(chunks->size() > 5);
  uint64_t offset = 0;
  size_t line = 1;
  for (const LineChunk& c : *chunks) {
    CHECK(c.offset == offset);
    CHECK(c.first_line == line);
    const auto bytes =
        ReadFileRange(dir / "f.jsonl", c.offset, c.length, &error);
    REQUIRE(bytes);
    if (line <= 100)
      CHECK(bytes->rfind("line " + std::to_string(line), 0) == 0);
    for (char ch : *bytes) line += ch == '\n';
    offset += c.length;
  }
  CHECK(offset == content.size());
  CHECK_FALSE(SplitIntoLineChunks(dir / "missing.jsonl", 64, &error));
  CHECK(error.find("cannot open") != std::string::npos);
}

}  // namespace
}  // namespace gazette
