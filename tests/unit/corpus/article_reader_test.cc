#include "common/corpus/article_reader.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <string>

#include "tests/support/test_support.h"

namespace gazette {
namespace {

bool HasWarning(const ReadResult& r, const std::string& part) {
  return std::any_of(
      r.warnings.begin(), r.warnings.end(),
      [&](const std::string& w) { return w.find(part) != std::string::npos; });
}

TEST_CASE("article reader fills every field from the headers and the body") {
  const ReadResult r = ReadArticle(
      "date: 2025-05-28\ntitle: Golan talks\nsource: Wire\nurl: "
      "https://example.org/a\n\nTalks resumed on Sunday.\n",
      "2025/a.txt", "/news");
  REQUIRE(r.article);
  CHECK_FALSE(r.skip_reason);
  const Article& a = *r.article;
  CHECK(a.id == "2025/a.txt");
  CHECK(a.root == "/news");
  REQUIRE(a.date);
  CHECK(a.date->ToIso() == "2025-05-28");
  CHECK(a.title == "Golan talks");
  CHECK(a.title_from_header);
  CHECK(a.source == "Wire");
  CHECK(a.url == "https://example.org/a");
  CHECK(a.body.rfind("Talks resumed on Sunday.", 0) == 0);
  CHECK(r.warnings.empty());
}

TEST_CASE(
    "article reader titles an article without a title header by its "
    "first sentence") {
  const ReadResult r = ReadArticle(
      "date: 2025-06-02\nThe Central Bank raised rates. Inflation eased.\n",
      "economy.txt", "/news");
  REQUIRE(r.article);
  CHECK(r.article->title == "The Central Bank raised rates");
  CHECK_FALSE(r.article->title_from_header);
  // The body keeps the sentence the title was taken from.
  CHECK(r.article->body.rfind("The Central Bank raised rates.", 0) == 0);
}

TEST_CASE("article reader keeps an article with a title and no body") {
  const ReadResult r =
      ReadArticle("date: 2025-06-02\ntitle: Headline only\n", "h.txt", "/news");
  REQUIRE(r.article);
  CHECK(r.article->title == "Headline only");
  CHECK(r.article->body.empty());
}

TEST_CASE("article reader skips what has no article in it, saying why") {
  struct Case {
    std::string name;
    std::string bytes;
    const char* reason_part;
  };
  const Case cases[] = {
      {"empty file", "", "empty file"},
      {"only blank lines", "\n \n\t\n", "no article text"},
      {"only a date header", "date: 2025-05-28\n", "no article text"},
      {"only a UTF-8 BOM", "\xEF\xBB\xBF", "no article text"},
      {"NUL bytes", std::string("date 2025-05-28\0\0x", 18), "binary"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const ReadResult r = ReadArticle(c.bytes, "x.txt", "/news");
    CHECK_FALSE(r.article);
    REQUIRE(r.skip_reason);
    CHECK(r.skip_reason->find(c.reason_part) != std::string::npos);
  }
}

TEST_CASE("article reader passes on the decoder's and the parser's warnings") {
  const ReadResult r =
      ReadArticle("date: 2025-13-45\nCaf\xe9 talks resumed.\n", "x.txt", "/n");
  REQUIRE(r.article);
  CHECK(HasWarning(r, "invalid UTF-8 repaired"));
  CHECK(HasWarning(r, "impossible date '2025-13-45'"));
  CHECK_FALSE(r.article->date);
  CHECK(r.article->body.find("Caf\xef\xbf\xbd talks") != std::string::npos);
}

TEST_CASE("reading a file gives all its bytes, beyond one buffer and NULs") {
  testing::TempDir dir;
  std::string content;
  for (int i = 0; content.size() < 200 * 1024; ++i) {
    content += "line " + std::to_string(i) + '\n';
    content += std::string("\0\xff", 2);
  }
  testing::WriteFile(dir / "big.txt", content);
  testing::WriteFile(dir / "empty.txt", "");
  const Expected<std::string> big = ReadFileBytes(dir / "big.txt");
  REQUIRE(big.ok());
  CHECK(big->size() == content.size());
  CHECK(*big == content);
  const Expected<std::string> empty = ReadFileBytes(dir / "empty.txt");
  REQUIRE(empty.ok());
  CHECK(empty->empty());
}

TEST_CASE("reading a file that is missing, a directory or a FIFO says why") {
  testing::TempDir dir;
  testing::WriteFile(dir / "sub/a.txt", "x");
  REQUIRE(mkfifo((dir / "pipe.txt").c_str(), 0600) == 0);
  struct Case {
    std::string path;
    const char* reason;
  };
  const Case cases[] = {
      {dir / "missing.txt", "cannot open: No such file or directory"},
      {dir / "sub", "not a regular file"},
      // Nobody writes to it: a blocking open would hang.
      {dir / "pipe.txt", "not a regular file"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.path);
    const Expected<std::string> r = ReadFileBytes(c.path);
    CHECK_FALSE(r.ok());
    CHECK(r.error() == c.reason);
  }
}

}  // namespace
}  // namespace gazette
