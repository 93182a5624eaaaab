#include <doctest/doctest.h>

#include <sstream>

#include "gazette/printers.h"
#include "tests/unit/output/printer_fixture.h"

namespace gazette {
namespace {

TEST_CASE("paths printer ends each path with the terminator asked for") {
  std::ostringstream lines, nuls;
  MakePathsPrinter(lines, '\n')->Print(testing::TwoHitResult());
  MakePathsPrinter(nuls, '\0')->Print(testing::TwoHitResult());
  CHECK(lines.str() == "/news/2025/a.txt\n/news/odd\tname\\x.txt\n");
  CHECK(nuls.str() ==
        std::string("/news/2025/a.txt\0/news/odd\tname\\x.txt\0", 38));
}

TEST_CASE("paths printer names a file once, at its best hit") {
  // Three articles of one JSON Lines file around an article of another.
  SearchResult r = testing::TwoHitResult();
  Hit line = r.hits[0];
  line.path = "/news/feed.jsonl";
  r.hits = {line, r.hits[0], line, line};
  std::ostringstream out;
  MakePathsPrinter(out, '\n')->Print(r);
  CHECK(out.str() == "/news/feed.jsonl\n/news/2025/a.txt\n");
}

}  // namespace
}  // namespace gazette
