#include "elman/ts/windowing.hpp"

#include <algorithm>
#include <chrono>

#include "elman/core/error.hpp"
#include "ts/names.hpp"

namespace elman::ts {
namespace {

void check_options(const WindowOptions& options) {
  if (options.input == 0) fail("windowing: expected an input window of at least 1 row, got 0");
  if (options.target == TargetKind::Direct && options.horizon == 0)
    fail("windowing: expected a horizon of at least 1, got 0");
  if (options.stride == 0) fail("windowing: expected a stride of at least 1, got 0");
  if (options.fork_from > options.input)
    fail("windowing: expected fork_from of 0 to the input window's {} steps, got {}", options.input, options.fork_from);
}

void check_dates(std::span<const double> values, std::span<const TimePoint> dates, const WindowOptions& options) {
  if (options.calendar == CalendarCovariates::None) return;
  if (dates.size() != values.size())
    fail("windowing: calendar covariates need one date per value: expected {} dates, got {}", values.size(),
         dates.size());
}

// Writes rows [begin, begin + W) as (W, features) at `out`.
void write_inputs(std::span<const double> values, std::span<const double> calendar, std::size_t begin,
                  const WindowOptions& options, double* out) {
  const std::size_t features = feature_count(options), width = features - 1;
  for (std::size_t step = 0; step < options.input; ++step) {
    double* row = out + step * features;
    row[0] = values[begin + step];
    std::copy_n(calendar.begin() + std::ptrdiff_t((begin + step) * width), width, row + 1);
  }
}

// Values after one input step: H (Direct) or 1.
std::size_t per_step(const WindowOptions& options) {
  return options.target == TargetKind::Direct ? options.horizon : 1;
}

void write_targets(std::span<const double> values, std::size_t begin, const WindowOptions& options, double* out) {
  const std::size_t steps = target_steps(options), width = per_step(options);
  for (std::size_t i = 0; i < steps; ++i) {
    const std::size_t after = begin + options.input - steps + i + 1;  // the row after input step W - steps + i
    std::copy_n(values.begin() + std::ptrdiff_t(after), width, out + i * width);
  }
}

}  // namespace

namespace {

constexpr detail::Names<CalendarCovariates, 3> kCalendarNames{{{CalendarCovariates::None, "none"},
                                                               {CalendarCovariates::MonthOfYear, "month"},
                                                               {CalendarCovariates::HourAndWeekday, "hour_weekday"}}};

}  // namespace

std::string to_string(CalendarCovariates calendar) { return std::string(detail::name_of(kCalendarNames, calendar)); }

CalendarCovariates parse_calendar(std::string_view text) { return detail::value_named(kCalendarNames, text); }

std::size_t calendar_width(CalendarCovariates calendar) {
  switch (calendar) {
    case CalendarCovariates::None: return 0;
    case CalendarCovariates::MonthOfYear: return 12;
    case CalendarCovariates::HourAndWeekday: return 24 + 7;
  }
  return 0;
}

std::size_t feature_count(const WindowOptions& options) { return 1 + calendar_width(options.calendar); }

std::size_t target_steps(const WindowOptions& options) {
  return options.fork_from == 0 ? 1 : options.input - options.fork_from + 1;
}

std::size_t target_count(const WindowOptions& options) { return target_steps(options) * per_step(options); }

std::size_t window_span(const WindowOptions& options) {
  return options.input + (options.target == TargetKind::Direct ? options.horizon : 1);
}

std::vector<double> calendar_one_hot(std::span<const TimePoint> dates, CalendarCovariates calendar) {
  const std::size_t width = calendar_width(calendar);
  std::vector<double> out(dates.size() * width, 0.0);
  for (std::size_t i = 0; i < dates.size(); ++i) {
    const auto day = std::chrono::floor<std::chrono::days>(dates[i]);
    double* row = out.data() + i * width;
    if (calendar == CalendarCovariates::MonthOfYear) {
      row[unsigned(std::chrono::year_month_day{day}.month()) - 1] = 1.0;
    } else if (calendar == CalendarCovariates::HourAndWeekday) {
      row[std::chrono::floor<std::chrono::hours>(dates[i] - day).count()] = 1.0;
      row[24 + std::chrono::weekday{day}.iso_encoding() - 1] = 1.0;
    }
  }
  return out;
}

Windows make_windows(std::span<const double> values, std::span<const TimePoint> dates, const WindowOptions& options) {
  check_options(options);
  check_dates(values, dates, options);
  const std::size_t span = window_span(options);
  if (values.size() < span) {
    if (options.target == TargetKind::Direct)
      fail("windowing: a series of {} rows is too short for input window {} + horizon {}: at least {} rows are needed",
           values.size(), options.input, options.horizon, span);
    fail("windowing: a series of {} rows is too short for input window {} + 1 next value: at least {} rows are needed",
         values.size(), options.input, span);
  }
  Windows windows;
  windows.count = (values.size() - span) / options.stride + 1;
  windows.input_length = options.input;
  windows.features = feature_count(options);
  windows.target_steps = target_steps(options);
  windows.targets_per_window = target_count(options);
  windows.inputs.resize(windows.count * options.input * windows.features);
  windows.targets.resize(windows.count * windows.targets_per_window);
  const auto calendar = calendar_one_hot(dates, options.calendar);
  const std::size_t first_start = values.size() - span - (windows.count - 1) * options.stride;
  for (std::size_t w = 0; w < windows.count; ++w) {
    const std::size_t start = first_start + w * options.stride;
    windows.starts.push_back(start);
    write_inputs(values, calendar, start, options, windows.inputs.data() + w * options.input * windows.features);
    write_targets(values, start, options, windows.targets.data() + w * windows.targets_per_window);
  }
  return windows;
}

std::vector<double> last_input_window(std::span<const double> values, std::span<const TimePoint> dates,
                                      const WindowOptions& options) {
  check_options(options);
  check_dates(values, dates, options);
  if (values.size() < options.input)
    fail("windowing: a history of {} rows is too short for input window {}: at least {} rows are needed",
         values.size(), options.input, options.input);
  std::vector<double> out(options.input * feature_count(options));
  write_inputs(values, calendar_one_hot(dates, options.calendar), values.size() - options.input, options, out.data());
  return out;
}

}  // namespace elman::ts
