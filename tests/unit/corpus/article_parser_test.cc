#include "common/corpus/article_parser.h"

#include <doctest/doctest.h>

namespace gazette {
namespace {

TEST_CASE("article parser reads the header variants of the document format") {
  struct Case {
    const char* name;
    const char* text;
    const char* date;  // ISO, or "" for none
    const char* title;
    const char* body_start;
  };
  const Case cases[] = {
      {"seed: body on the date's line", " date 2025-05-28 The contacts mark",
       "2025-05-28", "", "The contacts mark"},
      {"date alone, body on the next line", "date 2025-05-28\nBody here.",
       "2025-05-28", "", "Body here."},
      {"date with a colon", "date: 2025-05-28\n\nBody.", "2025-05-28", "",
       "Body."},
      {"capitalised keyword", "Date: 2025-05-28\nBody.", "2025-05-28", "",
       "Body."},
      {"headers in any order",
       "title: Talks\nsource: Reuters\ndate: 2024-01-02\nurl: x\nBody.",
       "2024-01-02", "Talks", "Body."},
      {"date with a time", "date: 2025-05-28T09:30:00Z\nBody.", "2025-05-28",
       "", "Body."},
      {"no headers", "Just a body.", "", "", "Just a body."},
      {"a body starting with the word Date", "Date palms grow here.", "", "",
       "Date palms grow here."},
      {"title without colon is body", "Title fights are back.", "", "",
       "Title fights are back."},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const ParsedArticle a = ParseArticle(c.text);
    CHECK((a.date ? a.date->ToIso() : "") == c.date);
    CHECK(a.title == c.title);
    CHECK(a.body.rfind(c.body_start, 0) == 0);
  }
}

TEST_CASE(
    "article parser drops impossible and unreadable dates with a warning") {
  struct Case {
    const char* text;
    const char* warning_part;
  };
  const Case cases[] = {
      {"date 2025-13-45 Body.", "impossible date '2025-13-45'"},
      {"date 2025-02-29 Body.", "impossible date"},
      {"date: tomorrow\nBody.", "unreadable date 'tomorrow'"},
      {"Body without any header.", "no date header"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const ParsedArticle a = ParseArticle(c.text);
    CHECK_FALSE(a.date);
    REQUIRE(a.warnings.size() == 1);
    CHECK(a.warnings[0].find(c.warning_part) != std::string::npos);
    CHECK(a.body.rfind("Body", 0) == 0);
  }
}

TEST_CASE("a date warning quotes at most 40 bytes of the date, escaped") {
  // Found by fuzzing: the warning quoted the whole header line, so a
  // megabyte-long "date:" line made a megabyte-long warning.
  const std::string long_value(1 << 20, '7');
  const struct {
    std::string text;
    std::string warning_start;
  } cases[] = {
      {"date: " + long_value + "\nBody.", "unreadable date '7777"},
      {"date 2025-13-45T" + long_value + "\x1b[2J Body.",
       "impossible date '2025-13-45T7777"},
  };
  for (const auto& c : cases) {
    const ParsedArticle a = ParseArticle(c.text);
    REQUIRE(a.warnings.size() == 1);
    CHECK(a.warnings[0].starts_with(c.warning_start));
    CHECK(a.warnings[0].size() < 200);
    CHECK(a.warnings[0].find('\x1b') == std::string::npos);
  }
}

TEST_CASE("article parser accepts a leap day and keeps the body's paragraphs") {
  const ParsedArticle a =
      ParseArticle("\n\n  date 2024-02-29 First.\n\nSecond.\n");
  REQUIRE(a.date);
  CHECK(a.date->ToIso() == "2024-02-29");
  CHECK(a.warnings.empty());
  CHECK(a.body == "First.\n\nSecond.");
}

TEST_CASE("derived title is the first sentence, cut at a word boundary") {
  CHECK(DeriveTitle("Israel and Syria talk. More text.") ==
        "Israel and Syria talk");
  CHECK(DeriveTitle("U.S. troops left. Then more.") == "U.S. troops left");
  CHECK(DeriveTitle("Why now? Because.") == "Why now?");
  CHECK(DeriveTitle("Headline line\nBody line.") == "Headline line");
  const std::string cut = DeriveTitle(
      "The contacts mark a significant development in ties between states that "
      "have been on opposite sides of conflict in the Middle East for decades.",
      60);
  CHECK(cut ==
        "The contacts mark a significant development in ties between\u2026");
}

}  // namespace
}  // namespace gazette
