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

}  // namespace
}  // namespace gazette
