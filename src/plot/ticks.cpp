#include "elman/plot/ticks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace elman::plot {
namespace {

using std::chrono::sys_days;
using std::chrono::sys_seconds;

constexpr std::array<double, 5> kNiceMantissas = {1.0, 2.0, 2.5, 5.0, 10.0};

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a - floor_div(a, b) * b; }

int tick_count(double low, double high, double step) {
  // A relative tolerance keeps ticks that sit on the limits despite rounding (0.1 * 3 vs 0.3).
  const double first = std::ceil(low / step - 1e-9);
  const double last = std::floor(high / step + 1e-9);
  return last < first ? 0 : static_cast<int>(last - first) + 1;
}

double next_nice_step(double step) { return nice_step_at_least(step * (1.0 + 1e-9)); }

struct Candidate {
  DateUnit unit;
  int step;
};

// Intervals per unit, finest first; beyond a century the year steps grow tenfold.
constexpr std::array<Candidate, 32> kCandidates = {{
    {DateUnit::Second, 1},  {DateUnit::Second, 5},  {DateUnit::Second, 10}, {DateUnit::Second, 15},
    {DateUnit::Second, 30}, {DateUnit::Minute, 1},  {DateUnit::Minute, 5},  {DateUnit::Minute, 10},
    {DateUnit::Minute, 15}, {DateUnit::Minute, 30}, {DateUnit::Hour, 1},    {DateUnit::Hour, 2},
    {DateUnit::Hour, 3},    {DateUnit::Hour, 4},    {DateUnit::Hour, 6},    {DateUnit::Hour, 12},
    {DateUnit::Day, 1},     {DateUnit::Day, 2},     {DateUnit::Day, 7},     {DateUnit::Day, 14},
    {DateUnit::Month, 1},   {DateUnit::Month, 2},   {DateUnit::Month, 3},   {DateUnit::Month, 4},
    {DateUnit::Month, 6},   {DateUnit::Year, 1},    {DateUnit::Year, 2},    {DateUnit::Year, 5},
    {DateUnit::Year, 10},   {DateUnit::Year, 20},   {DateUnit::Year, 50},   {DateUnit::Year, 100},
}};

double unit_seconds(DateUnit unit) {
  switch (unit) {
    case DateUnit::Second:
      return 1.0;
    case DateUnit::Minute:
      return 60.0;
    case DateUnit::Hour:
      return 3600.0;
    case DateUnit::Day:
      return 86400.0;
    case DateUnit::Month:
      return 86400.0 * 365.2425 / 12.0;  // the mean Gregorian month
    case DateUnit::Year:
      return 86400.0 * 365.2425;
  }
  return 1.0;
}

int year_of(sys_seconds t) {
  return static_cast<int>(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t)}.year());
}

// The ticks of one unit and interval in [first, last]; stops after `limit` ticks (the caller only needs to
// know that there are too many).
std::vector<sys_seconds> generate(Candidate c, sys_seconds first, sys_seconds last, std::size_t limit) {
  std::vector<sys_seconds> ticks;
  const auto keep = [&](sys_seconds t) {
    if (t >= first && t <= last) ticks.push_back(t);
    return ticks.size() < limit;
  };
  using namespace std::chrono;
  if (c.unit == DateUnit::Year) {
    for (int y = year_of(first); y <= year_of(last); ++y) {
      if (floor_mod(y, c.step) == 0 && !keep(sys_days{year{y} / January / 1})) break;
    }
  } else if (c.unit == DateUnit::Month) {
    const year_month_day a{floor<days>(first)};
    const year_month_day b{floor<days>(last)};
    const std::int64_t begin = std::int64_t{int(a.year())} * 12 + unsigned(a.month()) - 1;
    const std::int64_t end = std::int64_t{int(b.year())} * 12 + unsigned(b.month()) - 1;
    for (std::int64_t m = begin; m <= end; ++m) {
      const auto ym = year{int(floor_div(m, 12))} / month{unsigned(floor_mod(m, 12) + 1)};
      if (floor_mod(m, 12) % c.step == 0 && !keep(sys_days{ym / 1})) break;
    }
  } else if (c.unit == DateUnit::Day) {
    // Weekly and fortnightly ticks fall on Mondays (day 4 since 1970-01-01, a Thursday), as ISO weeks start.
    const std::int64_t offset = c.step >= 7 ? 4 : 0;
    const std::int64_t begin = floor<days>(first).time_since_epoch().count();
    const std::int64_t end = floor<days>(last).time_since_epoch().count();
    for (std::int64_t d = begin; d <= end; ++d) {
      if (floor_mod(d - offset, c.step) == 0 && !keep(sys_days{days{d}})) break;
    }
  } else {
    const auto period = static_cast<std::int64_t>(unit_seconds(c.unit)) * c.step;
    const std::int64_t begin = -floor_div(-first.time_since_epoch().count(), period) * period;
    for (std::int64_t t = begin; t <= last.time_since_epoch().count(); t += period) {
      if (!keep(sys_seconds{seconds{t}})) break;
    }
  }
  return ticks;
}

std::string date_label(sys_seconds t, DateUnit unit) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  const int y = int(ymd.year());
  const unsigned m = unsigned(ymd.month());
  const unsigned d = unsigned(ymd.day());
  const auto hour = hms.hours().count();
  const auto minute = hms.minutes().count();
  switch (unit) {
    case DateUnit::Year:
      return fmt::format("{}", y);
    case DateUnit::Month:
      return fmt::format("{}-{:02}", y, m);
    case DateUnit::Day:
      return fmt::format("{}-{:02}-{:02}", y, m, d);
    case DateUnit::Hour:
      return fmt::format("{:02}-{:02} {:02}:{:02}", m, d, hour, minute);
    case DateUnit::Minute:
      return fmt::format("{:02}:{:02}", hour, minute);
    case DateUnit::Second:
      return fmt::format("{:02}:{:02}:{:02}", hour, minute, hms.seconds().count());
  }
  return {};
}

}  // namespace

double nice_step_at_least(double raw) {
  if (!(raw > 0.0) || !std::isfinite(raw)) return 1.0;
  const double scale = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double mantissa : kNiceMantissas) {
    if (mantissa * scale >= raw * (1.0 - 1e-12)) return mantissa * scale;
  }
  return 10.0 * scale;
}

std::string format_tick_value(double value, double step) {
  int decimals = 0;
  for (double scaled = std::abs(step); decimals < 12; scaled *= 10.0, ++decimals) {
    if (std::abs(scaled - std::round(scaled)) <= 1e-6 * scaled) break;
  }
  if (std::abs(value) < 0.5 * std::abs(step) * 1e-6) value = 0.0;  // no "-0"
  if (std::abs(value) >= 1e15) return fmt::format("{:g}", value);
  return fmt::format("{:.{}f}", value, decimals);
}

NumericTicks numeric_ticks(double low, double high, int max_ticks) {
  NumericTicks ticks;
  if (!(high > low) || !std::isfinite(low) || !std::isfinite(high)) return ticks;
  max_ticks = std::max(max_ticks, 1);
  double step = nice_step_at_least((high - low) / max_ticks);
  while (tick_count(low, high, step) > max_ticks) step = next_nice_step(step);
  ticks.step = step;
  const double first = std::ceil(low / step - 1e-9);
  const int count = tick_count(low, high, step);
  for (int i = 0; i < count; ++i) {
    const double value = (first + i) * step;
    ticks.at.push_back(value);
    ticks.labels.push_back(format_tick_value(value, step));
  }
  return ticks;
}

DateTicks date_ticks(sys_seconds first, sys_seconds last, int max_ticks) {
  if (last < first) std::swap(first, last);
  const auto limit = static_cast<std::size_t>(std::max(max_ticks, 1));
  const double span = static_cast<double>((last - first).count());
  // Start at the coarsest unit that the span covers a few times over.
  std::size_t index = 0;
  for (std::size_t i = 0; i < kCandidates.size(); ++i) {
    if (span / unit_seconds(kCandidates[i].unit) >= kMinUnitsSpanned) index = i;
  }
  while (index > 0 && kCandidates[index - 1].unit == kCandidates[index].unit) --index;

  Candidate chosen = kCandidates[index];
  std::vector<sys_seconds> at = generate(chosen, first, last, limit + 1);
  while (at.size() > limit) {
    chosen = index + 1 < kCandidates.size() ? kCandidates[++index] : Candidate{DateUnit::Year, chosen.step * 10};
    at = generate(chosen, first, last, limit + 1);
  }
  DateTicks ticks{chosen.unit, chosen.step, std::move(at), {}};
  for (const auto t : ticks.at) ticks.labels.push_back(date_label(t, chosen.unit));
  return ticks;
}

}  // namespace elman::plot
