// Calendar dates as articles carry them and as filters name them.
#ifndef GAZETTE_DATE_H_
#define GAZETTE_DATE_H_

#include <optional>
#include <string>
#include <string_view>

namespace gazette {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;

  // "2025-05-28".
  std::string ToIso() const;
  // "20250528": the sortable form stored in the date value slot and in the
  // D/M/Y terms (as its 8, 6 and 4 leading characters).
  std::string ToKey() const;
  static std::optional<Date> FromKey(std::string_view key);
  // Days since 1970-01-01 (negative before it), and back: for counting
  // days between dates (any year, proleptic Gregorian calendar).
  int DaysSinceEpoch() const;
  static Date FromDaysSinceEpoch(int days);

  friend bool operator==(const Date&, const Date&) = default;
};

// True for a real day of the Gregorian calendar, years 1..9999.
bool IsValidDate(int year, int month, int day);

// Parses exactly "YYYY-MM-DD"; nullopt if malformed or not a real day
// ("2025-13-45", "2025-02-29").
std::optional<Date> ParseIsoDate(std::string_view text);

// Which end of a range a partial date bounds.
enum class DateBound { kLower, kUpper };

// Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" into the key that bounds a range of
// date keys inclusively: ("2025-05", kLower) -> "20250501",
// ("2025-05", kUpper) -> "20250531". nullopt if malformed or impossible.
std::optional<std::string> ParseDateBound(std::string_view text,
                                          DateBound bound);

}  // namespace gazette

#endif  // GAZETTE_DATE_H_
