#include <doctest/doctest.h>

#include <sstream>

#include "common/result_printer.h"
#include "tests/printer_fixture.h"

namespace gazette {
namespace {

std::string Printed(const TextStyle& style) {
  std::ostringstream out;
  MakeTextPrinter(out, style)->Print(testing::TwoHitResult());
  return out.str();
}

TEST_CASE("text printer marks each highlighted word as the style asks") {
  TextStyle style;
  style.highlight = Highlight::kNone;
  std::string text = Printed(style);
  CHECK(text.find("   the Golan talks resume\n") != std::string::npos);
  CHECK(text.find('\x1b') == std::string::npos);

  style.highlight = Highlight::kMarkers;
  text = Printed(style);
  CHECK(text.find("   the **Golan** **talks** resume\n") != std::string::npos);
  // Titles are not marked; only snippet words are.
  CHECK(text.find("1. Golan talks\n") != std::string::npos);

  style.open = "<em>";
  style.close = "</em>";
  CHECK(Printed(style).find("the <em>Golan</em> <em>talks</em> resume") !=
        std::string::npos);

  style.highlight = Highlight::kAnsi;
  text = Printed(style);
  CHECK(text.find("the \x1b[1mGolan\x1b[0m \x1b[1mtalks\x1b[0m resume") !=
        std::string::npos);
}

TEST_CASE("text printer says when the total is an estimate") {
  TextStyle style;
  const std::string text = Printed(style);
  CHECK(text.find("about 7 articles matched \"golan talks\" (showing 1-2).") !=
        std::string::npos);
  CHECK(text.find("(no date)") != std::string::npos);
}

TEST_CASE("text printer shows which line of a JSON Lines file a hit is") {
  SearchResult r = testing::TwoHitResult();
  r.hits[0].id = "2025/feed.jsonl#a7";
  r.hits[0].path = "/news/2025/feed.jsonl";
  r.hits[1].id = "notes#1.txt";  // a file whose name has a '#'
  r.hits[1].path = "/news/notes#1.txt";
  std::ostringstream out;
  MakeTextPrinter(out, TextStyle{})->Print(r);
  CHECK(out.str().find("2025-05-28  /news/2025/feed.jsonl#a7\n") !=
        std::string::npos);
  CHECK(out.str().find("(no date)  /news/notes#1.txt\n") != std::string::npos);
}

TEST_CASE("highlight names parse back; unknown ones do not") {
  for (Highlight h : {Highlight::kNone, Highlight::kAnsi, Highlight::kMarkers})
    CHECK(ParseHighlight(HighlightName(h)) == h);
  CHECK(!ParseHighlight("auto"));
  CHECK(!ParseHighlight("bold"));
}

}  // namespace
}  // namespace gazette
