#include "gazette/date.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace gazette {
namespace {

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Parses exactly `digits` ASCII digits.
std::optional<int> ParseDigits(std::string_view text, size_t digits) {
  if (text.size() != digits) return std::nullopt;
  int value = 0;
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + digits, value);
  if (ec != std::errc() || end != text.data() + digits) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return value;
}

}  // namespace

std::string Date::ToIso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string Date::ToKey() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, month, day);
  return buf;
}

std::optional<Date> Date::FromKey(std::string_view key) {
  if (key.size() != 8) return std::nullopt;
  const auto y = ParseDigits(key.substr(0, 4), 4);
  const auto m = ParseDigits(key.substr(4, 2), 2);
  const auto d = ParseDigits(key.substr(6, 2), 2);
  if (!y || !m || !d || !IsValidDate(*y, *m, *d)) return std::nullopt;
  return Date{*y, *m, *d};
}

int Date::DaysSinceEpoch() const {
  namespace chrono = std::chrono;
  const chrono::sys_days days = chrono::year_month_day{
      chrono::year{year}, chrono::month{static_cast<unsigned>(month)},
      chrono::day{static_cast<unsigned>(day)}};
  return days.time_since_epoch().count();
}

Date Date::FromDaysSinceEpoch(int days) {
  namespace chrono = std::chrono;
  const chrono::year_month_day ymd{chrono::sys_days{chrono::days{days}}};
  return {static_cast<int>(ymd.year()), static_cast<int>(unsigned{ymd.month()}),
          static_cast<int>(unsigned{ymd.day()})};
}

bool IsValidDate(int year, int month, int day) {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

std::optional<Date> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  const auto y = ParseDigits(text.substr(0, 4), 4);
  const auto m = ParseDigits(text.substr(5, 2), 2);
  const auto d = ParseDigits(text.substr(8, 2), 2);
  if (!y || !m || !d || !IsValidDate(*y, *m, *d)) return std::nullopt;
  return Date{*y, *m, *d};
}

std::optional<std::string> ParseDateBound(std::string_view text,
                                          DateBound bound) {
  const bool upper = bound == DateBound::kUpper;
  if (text.size() == 4) {
    const auto y = ParseDigits(text, 4);
    if (!y || *y < 1) return std::nullopt;
    return Date{*y, upper ? 12 : 1, upper ? 31 : 1}.ToKey();
  }
  if (text.size() == 7 && text[4] == '-') {
    const auto y = ParseDigits(text.substr(0, 4), 4);
    const auto m = ParseDigits(text.substr(5, 2), 2);
    if (!y || !m || !IsValidDate(*y, *m, 1)) return std::nullopt;
    return Date{*y, *m, upper ? DaysInMonth(*y, *m) : 1}.ToKey();
  }
  const auto date = ParseIsoDate(text);
  if (!date) return std::nullopt;
  return date->ToKey();
}

}  // namespace gazette
