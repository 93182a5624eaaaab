#include "common/corpus/jsonl_reader.h"

#include <doctest/doctest.h>

#include "common/base/utf8.h"
#include "tests/support/test_support.h"

namespace gazette {
namespace {

TEST_CASE("a JSON line becomes an article with every field") {
  const JsonLineResult r = ReadJsonLine(
      R"({"id":"a7","date":"2025-05-28T09:30:00Z","title":"Talks",)"
      R"("body":"Body\r\ntext.","url":"https://e.org/a","source":"Wire",)"
      R"("extra":[1,2]})",
      "feed.jsonl", 3, "/news");
  CHECK(r.id == "feed.jsonl#a7");
  REQUIRE(r.read.article);
  const Article& d = *r.read.article;
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

TEST_CASE("every field of a JSON line has LF line ends and no NUL") {
  // Found by fuzzing: only body and title were cleaned.
  const JsonLineResult r = ReadJsonLine(
      R"({"title":"A\r\nB","body":"x\ry","url":"u\r\u0000","source":"s\r"})",
      "f.jsonl", 1, "/n");
  REQUIRE(r.read.article);
  const Article& d = *r.read.article;
  CHECK(d.title == "A\nB");
  CHECK(d.body == "x\ny");
  CHECK(d.url == "u\n ");
  CHECK(d.source == "s\n");
}

TEST_CASE("a JSON line without an id is named by its line number") {
  const JsonLineResult r =
      ReadJsonLine(R"({"date":"2025-01-02","body":"First sentence. Second."})",
                   "f.jsonl", 12, "/n");
  CHECK(r.id == "f.jsonl#12");
  REQUIRE(r.read.article);
  CHECK(r.read.article->title == "First sentence");
  CHECK_FALSE(r.read.article->title_from_header);
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
    CHECK_FALSE(r.read.article);
    REQUIRE(r.read.skip_reason);
    CHECK(r.read.skip_reason->find(c.reason_part) != std::string::npos);
  }
  // Unparseable lines still name the line's article, so what was indexed
  // from that line before can be kept.
  CHECK(ReadJsonLine("{", "f.jsonl", 5, "/n").id == "f.jsonl#5");
}

TEST_CASE("a number too large for a double skips its line") {
  // Found by fuzzing: nlohmann throws out_of_range, not parse_error, for
  // these; it escaped ReadJsonLine, and the indexer skipped the good lines
  // around it too.
  for (const std::string line :
       {R"({"body": "x", "n": 1e99999})",
        "22222222222222222222E2222222222222222222222222"}) {
    CAPTURE(line);
    JsonLineResult r;
    REQUIRE_NOTHROW(r = ReadJsonLine(line, "f.jsonl", 5, "/n"));
    CHECK(r.id == "f.jsonl#5");
    CHECK_FALSE(r.read.article);
    REQUIRE(r.read.skip_reason);
    CHECK(r.read.skip_reason->starts_with("not valid JSON (number overflow"));
  }
}

TEST_CASE("a skip reason quotes a little of the line, escaped, in UTF-8") {
  const std::string line =
      "{\"body\": \"" + std::string(500000, 'a') + "\xff\x1b[31m";
  const JsonLineResult r = ReadJsonLine(line, "f.jsonl", 5, "/n");
  REQUIRE(r.read.skip_reason);
  const std::string& reason = *r.read.skip_reason;
  CHECK(reason.starts_with("not valid JSON (parse error at column "));
  CHECK(reason.size() < 400);
  CHECK(RepairUtf8(reason) == reason);
  CHECK(reason.find('\x1b') == std::string::npos);
}

TEST_CASE("a missing or bad date is a warning, not a skip") {
  for (const char* line : {R"({"body":"x"})", R"({"body":"x","date":"1987"})",
                           R"({"body":"x","date":"2025-02-30"})"}) {
    CAPTURE(line);
    const JsonLineResult r = ReadJsonLine(line, "f.jsonl", 1, "/n");
    REQUIRE(r.read.article);
    CHECK_FALSE(r.read.article->date);
    CHECK(r.read.warnings.size() == 1);
  }
}

TEST_CASE("a bad date warning quotes at most 40 bytes of the date") {
  const std::string line =
      R"({"body": "x", "date": ")" + std::string(100000, '7') + "\"}";
  const JsonLineResult r = ReadJsonLine(line, "f.jsonl", 1, "/n");
  REQUIRE(r.read.article);
  REQUIRE(r.read.warnings.size() == 1);
  CHECK(r.read.warnings[0].starts_with("bad \"date\" '7777"));
  CHECK(r.read.warnings[0].size() < 200);
}

TEST_CASE("line chunks cover the file in whole lines, numbered") {
  testing::TempDir dir;
  std::string content;
  for (int i = 1; i <= 100; ++i) content += "line " + std::to_string(i) + "\n";
  content += "last line without a newline";
  testing::WriteFile(dir / "f.jsonl", content);
  const auto chunks = SplitIntoLineChunks(dir / "f.jsonl", 64);
  REQUIRE(chunks);
  CHECK(chunks->size() > 5);
  uint64_t offset = 0;
  size_t line = 1;
  for (const LineChunk& c : *chunks) {
    CHECK(c.offset == offset);
    CHECK(c.first_line == line);
    const auto bytes = ReadFileRange(dir / "f.jsonl", c.offset, c.length);
    REQUIRE(bytes);
    if (line <= 100)
      CHECK(bytes->rfind("line " + std::to_string(line), 0) == 0);
    for (char ch : *bytes) line += ch == '\n';
    offset += c.length;
  }
  CHECK(offset == content.size());
  const auto missing = SplitIntoLineChunks(dir / "missing.jsonl", 64);
  CHECK_FALSE(missing);
  CHECK(missing.error().find("cannot open") != std::string::npos);
}

}  // namespace
}  // namespace gazette
