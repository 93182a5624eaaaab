#include <doctest/doctest.h>

#include <sstream>

#include "gazette/printers.h"
#include "tests/unit/output/printer_fixture.h"

namespace gazette {
namespace {

TEST_CASE("count printer writes the lower bound, which is exact when asked") {
  std::ostringstream out;
  MakeCountPrinter(out)->Print(testing::TwoHitResult());
  CHECK(out.str() == "5\n");
}

}  // namespace
}  // namespace gazette
