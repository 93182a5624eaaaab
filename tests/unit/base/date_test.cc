#include "gazette/date.h"

#include <doctest/doctest.h>

namespace gazette {
namespace {

TEST_CASE("iso dates parse only when they name a real day") {
  CHECK(ParseIsoDate("2025-05-28") == Date{2025, 5, 28});
  CHECK(ParseIsoDate("2024-02-29") == Date{2024, 2, 29});
  CHECK(ParseIsoDate("1900-02-29") == std::nullopt);
  CHECK(ParseIsoDate("2000-02-29") == Date{2000, 2, 29});
  for (const char* bad : {"2025-13-45", "2025-00-10", "2025-04-31", "2025-5-28",
                          "20250528", "2025-05-2x", "", "0000-01-01"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseIsoDate(bad));
  }
}

TEST_CASE("date bounds widen partial dates to the whole period") {
  struct Case {
    const char* text;
    DateBound bound;
    const char* key;
  };
  const Case cases[] = {
      {"2025", DateBound::kLower, "20250101"},
      {"2025", DateBound::kUpper, "20251231"},
      {"2025-02", DateBound::kLower, "20250201"},
      {"2025-02", DateBound::kUpper, "20250228"},
      {"2024-02", DateBound::kUpper, "20240229"},
      {"2025-05-28", DateBound::kUpper, "20250528"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(ParseDateBound(c.text, c.bound) == std::string(c.key));
  }
  for (const char* bad : {"2025-13", "25", "2025-1", "may", "2025-05-32"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseDateBound(bad, DateBound::kLower));
  }
}

TEST_CASE("date keys round trip") {
  const Date d{1987, 3, 9};
  CHECK(d.ToKey() == "19870309");
  CHECK(d.ToIso() == "1987-03-09");
  CHECK(Date::FromKey("19870309") == d);
  CHECK_FALSE(Date::FromKey("19871309"));
}

TEST_CASE("days since 1970 count calendar days, and back") {
  CHECK(Date{1970, 1, 1}.DaysSinceEpoch() == 0);
  CHECK(Date{1969, 12, 31}.DaysSinceEpoch() == -1);
  // 1988 is a leap year: 366 days to the next 1 March.
  CHECK(Date{1988, 3, 1}.DaysSinceEpoch() - Date{1987, 3, 1}.DaysSinceEpoch() ==
        366);
  CHECK(Date{2000, 3, 1}.DaysSinceEpoch() == 11017);
  for (const Date d : {Date{1, 1, 1}, Date{1987, 2, 28}, Date{2000, 2, 29},
                       Date{9999, 12, 31}})
    CHECK(Date::FromDaysSinceEpoch(d.DaysSinceEpoch()) == d);
  CHECK(Date::FromDaysSinceEpoch(Date{1987, 2, 28}.DaysSinceEpoch() + 1) ==
        Date{1987, 3, 1});
}

}  // namespace
}  // namespace gazette
