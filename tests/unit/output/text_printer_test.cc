#include <doctest/doctest.h>

#include <sstream>

#include "gazette/printers.h"
#include "tests/unit/output/printer_fixture.h"

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

TEST_CASE(
    "text printer says how many near duplicates a collapsed list left out") {
  SearchResult result = testing::TwoHitResult();
  result.hits[0].group = "2025/a.txt";
  result.hits[0].group_size = 3;
  result.hits[0].similar = 2;
  TextStyle style;
  style.highlight = Highlight::kNone;
  const auto printed = [&] {
    std::ostringstream out;
    MakeTextPrinter(out, style)->Print(result);
    return out.str();
  };
  const std::string line = "   and 2 similar: --similar-to 2025/a.txt\n";
  CHECK(printed().find("resume\n" + line + "\n") != std::string::npos);
  // Shown all, or listed as a group: nothing was left out.
  result.request.collapse = false;
  CHECK(printed().find("similar") == std::string::npos);
  result.request.collapse = true;
  result.request.similar_to = "2025/a.txt";
  CHECK(printed().find("similar:") == std::string::npos);
}

TEST_CASE("text printer says \"at least\" when not every match was counted") {
  TextStyle style;
  // Never Xapian's estimate (7): the lower bound, and how to count them all.
  const std::string text = Printed(style);
  CHECK(text.find("at least 5 articles matched \"golan talks\" (showing "
                  "1-2; --exact counts them all).") != std::string::npos);
  CHECK(text.find("about") == std::string::npos);
  CHECK(text.find("(no date)") != std::string::npos);
  SearchResult r = testing::TwoHitResult();
  r.request.exact_total = true;
  std::ostringstream out;
  MakeTextPrinter(out, style)->Print(r);
  CHECK(out.str().find("at least 5 articles matched \"golan talks\" (showing "
                       "1-2; counting stopped at the time limit).") !=
        std::string::npos);
  r.totals = {1, 1, 1};
  r.hits.clear();
  out.str("");
  MakeTextPrinter(out, style)->Print(r);
  CHECK(out.str() == "1 article matched \"golan talks\".\n");
}

TEST_CASE("text printer labels facets that are estimates or sampled") {
  SearchResult r = testing::TwoHitResult();
  r.facets = Facets{};
  r.facets->exact = true;
  const auto printed = [&] {
    std::ostringstream out;
    MakeTextPrinter(out, TextStyle{})->Print(r);
    return out.str();
  };
  CHECK(printed().find("(facet") == std::string::npos);
  r.facets->exact = false;
  CHECK(printed().find("(facet counts are estimates)\n") != std::string::npos);
  r.facets->sample = Facets::Sample{10000, 987654};
  const std::string sampled = printed();
  CHECK(sampled.find("(facet values chosen from a sample of 10000 of 987654 "
                     "matching articles: the counts shown are exact") !=
        std::string::npos);
  CHECK(sampled.find("are estimates") == std::string::npos);
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

TEST_CASE("text printer shows control characters from the corpus escaped") {
  SearchResult r = testing::TwoHitResult();
  r.request.query = "golan\x1b[2J";
  r.hits[0].title = "Red \x1b[31malert";
  r.hits[0].snippet = {"the Golan\x07 talks \x1b]0;owned\x07", {{4, 10}}};
  r.facets = Facets{};
  r.facets->persons = {{"Eve\x1b[8m", "eve", 1}};
  std::ostringstream out;
  TextStyle style;
  style.highlight = Highlight::kMarkers;
  MakeTextPrinter(out, style)->Print(r);
  const std::string text = out.str();
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text.find("1. Red \\x1b[31malert\n") != std::string::npos);
  CHECK(text.find("2. Line\\nbreak\\rtitle\n") != std::string::npos);
  CHECK(text.find("the **Golan\\x07** talks \\x1b]0;owned\\x07\n") !=
        std::string::npos);
  CHECK(text.find("/news/odd\\tname\\x.txt") != std::string::npos);
  CHECK(text.find("\"golan\\x1b[2J\"") != std::string::npos);
  CHECK(text.find("Eve\\x1b[8m (1)") != std::string::npos);
}

}  // namespace
}  // namespace gazette
