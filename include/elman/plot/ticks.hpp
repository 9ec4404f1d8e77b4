#pragma once
// Tick selection for chart axes: "nice" numeric steps (1, 2, 2.5, 5 × 10^k, as matplotlib's MaxNLocator) and
// calendar-aligned date ticks whose unit and interval follow the span (in the spirit of matplotlib's
// AutoDateLocator: years for decades of data, months for a year, days for a few days, hours for a day).
#include <chrono>
#include <string>
#include <vector>

namespace elman::plot {

struct NumericTicks {
  double step = 1.0;
  std::vector<double> at;           // the tick values within [low, high], ascending
  std::vector<std::string> labels;  // each printed with just the decimals the step needs: "60", "2.5", "0.05"
};

// The smallest step of the form {1, 2, 2.5, 5} × 10^k that puts at most `max_ticks` ticks in [low, high].
NumericTicks numeric_ticks(double low, double high, int max_ticks);

// The smallest number of the form {1, 2, 2.5, 5} × 10^k that is >= raw (raw > 0).
double nice_step_at_least(double raw);

// `value` printed with the decimals that multiples of `step` need ("-0" prints as "0").
std::string format_tick_value(double value, double step);

enum class DateUnit { Second, Minute, Hour, Day, Month, Year };

struct DateTicks {
  DateUnit unit = DateUnit::Year;
  int step = 1;  // in units: every `step` years, months, days ...
  std::vector<std::chrono::sys_seconds> at;
  std::vector<std::string> labels;  // "%Y" for years, "%Y-%m" for months, "%Y-%m-%d" for days, "%m-%d %H:%M" ...
};

// Ticks on round calendar dates within [first, last]: the coarsest unit that the span covers at least
// kMinUnitsSpanned times, at the finest of that unit's intervals (years 1, 2, 5, 10, 20, 50 ...; months 1, 2, 3,
// 4, 6; days 1, 2, 7, 14; hours 1, 2, 3, 4, 6, 12; minutes and seconds 1, 5, 10, 15, 30) giving at most
// `max_ticks` ticks, moving to a coarser interval when none does.
DateTicks date_ticks(std::chrono::sys_seconds first, std::chrono::sys_seconds last, int max_ticks);

inline constexpr double kMinUnitsSpanned = 3.0;

}  // namespace elman::plot
