// Frequencies: their names, calendar arithmetic, and inference from a series' dates.
#include <date/date.h>

#include <algorithm>
#include <array>
#include <string>

#include "elman/core/error.hpp"
#include "ts/calendar.hpp"
#include "ts/names.hpp"

namespace elman::ts {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

// In the order inference tries them: business days before days, whose steps they are whole multiples of.
constexpr std::array kRegular{Frequency::Hourly,  Frequency::BusinessDaily, Frequency::Daily, Frequency::Weekly,
                              Frequency::Monthly, Frequency::Quarterly,     Frequency::Yearly};

int months_per_period(Frequency frequency) {
  switch (frequency) {
    case Frequency::Monthly:
      return 1;
    case Frequency::Quarterly:
      return 3;
    case Frequency::Yearly:
      return 12;
    default:
      return 0;
  }
}

seconds fixed_period(Frequency frequency) {
  switch (frequency) {
    case Frequency::Hourly:
      return hours{1};
    case Frequency::Daily:
      return hours{24};
    case Frequency::Weekly:
      return hours{24 * 7};
    default:
      fail("frequency '{}' has no fixed period", to_string(frequency));
  }
}

struct CalendarParts {
  date::year_month_day ymd;
  seconds time_of_day;
};

CalendarParts parts_of(TimePoint point) {
  const auto day = date::floor<date::days>(point);
  return {date::year_month_day{day}, point - day};
}

// Weekdays counted from Monday 1970-01-05 (a Saturday or Sunday counts as the Monday after it), and back.
constexpr date::sys_days kMonday{date::days{4}};

long business_day_index(date::sys_days day) {
  const long days = (day - kMonday).count();
  const long weeks = days >= 0 ? days / 7 : -((6 - days) / 7);
  return weeks * 5 + std::min(days - weeks * 7, 5L);
}

date::sys_days business_day(long index) {
  const long weeks = index >= 0 ? index / 5 : -((4 - index) / 5);
  return kMonday + date::days{weeks * 7 + (index - weeks * 5)};
}

bool is_weekday(date::sys_days day) { return date::weekday{day}.iso_encoding() <= 5; }

long month_index(const date::year_month_day& ymd) { return long(int(ymd.year())) * 12 + long(unsigned(ymd.month())); }

unsigned clamped_day(date::year_month month, int anchor) {
  const unsigned last = unsigned((month / date::last).day());
  return std::min(unsigned(anchor), last);
}

}  // namespace

namespace detail {

bool steps_in_months(Frequency frequency) { return months_per_period(frequency) > 0; }

int anchor_day(std::span<const TimePoint> dates) {
  int anchor = 1;
  for (const auto point : dates) anchor = std::max(anchor, int(unsigned(parts_of(point).ymd.day())));
  return anchor;
}

TimePoint step_from(TimePoint origin, Frequency frequency, long periods, int anchor) {
  if (frequency == Frequency::BusinessDaily) {
    const auto day = date::floor<date::days>(origin);
    return TimePoint{business_day(business_day_index(day) + periods).time_since_epoch()} + (origin - day);
  }
  if (!steps_in_months(frequency)) return origin + fixed_period(frequency) * periods;
  const auto [ymd, time_of_day] = parts_of(origin);
  const date::year_month month =
      date::year_month{ymd.year(), ymd.month()} + date::months{periods * months_per_period(frequency)};
  const date::year_month_day target{month / date::day{clamped_day(month, anchor)}};
  return TimePoint{date::sys_days{target}.time_since_epoch()} + time_of_day;
}

std::optional<long> periods_between(TimePoint from, TimePoint to, Frequency frequency, int anchor) {
  if (frequency == Frequency::BusinessDaily) {
    const auto a = date::floor<date::days>(from), b = date::floor<date::days>(to);
    if (from - a != to - b || !is_weekday(a) || !is_weekday(b)) return std::nullopt;
    return business_day_index(b) - business_day_index(a);
  }
  if (!steps_in_months(frequency)) {
    const auto step = fixed_period(frequency);
    const auto gap = to - from;
    if (gap % step != seconds{0}) return std::nullopt;
    return long(gap / step);
  }
  const auto a = parts_of(from);
  const auto b = parts_of(to);
  const auto on_grid = [&](const date::year_month_day& ymd) {
    return unsigned(ymd.day()) == clamped_day(ymd.year() / ymd.month(), anchor);
  };
  if (a.time_of_day != b.time_of_day || !on_grid(a.ymd) || !on_grid(b.ymd)) return std::nullopt;
  const long months = month_index(b.ymd) - month_index(a.ymd);
  if (months % months_per_period(frequency) != 0) return std::nullopt;
  return months / months_per_period(frequency);
}

}  // namespace detail

namespace {

constexpr detail::Names<Frequency, 8> kFrequencyNames{{{Frequency::Hourly, "hourly"},
                                                      {Frequency::Daily, "daily"},
                                                      {Frequency::BusinessDaily, "business-daily"},
                                                      {Frequency::Weekly, "weekly"},
                                                      {Frequency::Monthly, "monthly"},
                                                      {Frequency::Quarterly, "quarterly"},
                                                      {Frequency::Yearly, "yearly"},
                                                      {Frequency::Irregular, "irregular"}}};

}  // namespace

std::string_view to_string(Frequency frequency) { return detail::name_of(kFrequencyNames, frequency); }

Frequency parse_frequency(std::string_view text) {
  return detail::value_named(kFrequencyNames, text, "frequency: ");
}

TimePoint advance(TimePoint date, Frequency frequency, int periods) {
  if (frequency == Frequency::Irregular) fail("cannot step an irregular series; expected a regular frequency");
  return detail::step_from(date, frequency, periods, int(unsigned(parts_of(date).ymd.day())));
}

Frequency infer_frequency(std::span<const TimePoint> dates) {
  if (dates.size() < 2) return Frequency::Irregular;
  const int anchor = detail::anchor_day(dates);
  for (const auto frequency : kRegular) {
    std::size_t single_steps = 0;
    bool whole = true;
    for (std::size_t i = 1; i < dates.size() && whole; ++i) {
      const auto periods = detail::periods_between(dates[i - 1], dates[i], frequency, anchor);
      whole = periods.has_value() && *periods >= 1;
      single_steps += whole && *periods == 1 ? 1 : 0;
    }
    // Business days only where a step skips a weekend; weekdays a day apart alone are daily.
    const auto skips_weekend = [&] {
      for (std::size_t i = 1; i < dates.size(); ++i)
        if (date::floor<date::days>(dates[i]) - date::floor<date::days>(dates[i - 1]) >
            date::days{*detail::periods_between(dates[i - 1], dates[i], frequency, anchor)})
          return true;
      return false;
    };
    if (whole && 2 * single_steps >= dates.size() - 1 && (frequency != Frequency::BusinessDaily || skips_weekend()))
      return frequency;
  }
  return Frequency::Irregular;
}

}  // namespace elman::ts
