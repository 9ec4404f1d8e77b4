#pragma once
// Supervised (input window, target) pairs cut from one value series, for training a recurrent forecaster.
//
// A window starting at row s has input rows s .. s+W-1 and, after them, its targets:
//   Direct:    the H values at rows s+W .. s+W+H-1 (one head emits all H steps);
//   NextValue: the single value at row s+W (a one-step model, fed back for recursive forecasts).
// Forking sequences (fork_from = K >= 1, as MQ-RNN trains): the targets after every input step from the K-th on,
// step t's at rows s+t+1 ... (H values, or 1), W - K + 1 steps of them per window, oldest step first. NextValue
// from the first step (K = 1) is teacher forcing: the W values at rows s+1 .. s+W.
// Windows are anchored at the end of the series: the last window's targets end at the last row, and earlier
// windows start `stride` rows before the next one, so the most recent rows are always used; with stride > 1 the
// first (n - span) % stride rows start no window. Windows are listed oldest first.
//
// Calendar covariates: each input step carries one-hot features of its date after the value: with MonthOfYear 12,
// the month (January first); with HourAndWeekday 31, the hour of day (0 first) then the day of week (Monday first).
// The targets' dates are not added: they follow from the last input step's, which the network already sees.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "elman/ts/time_series.hpp"

namespace elman::ts {

enum class TargetKind { Direct, NextValue };
enum class CalendarCovariates { None, MonthOfYear, HourAndWeekday };
std::string to_string(CalendarCovariates calendar);  // "none", "month", "hour_weekday"
CalendarCovariates parse_calendar(std::string_view text);

struct WindowOptions {
  std::size_t input = 24;    // W
  std::size_t horizon = 1;   // H (Direct only)
  std::size_t stride = 1;
  TargetKind target = TargetKind::Direct;
  std::size_t fork_from = 0;  // 0: targets after the last input step only; K: after every step from the K-th on
  CalendarCovariates calendar = CalendarCovariates::None;
};

// Number of one-hot calendar features: 0, 12 (MonthOfYear) or 31 (HourAndWeekday).
std::size_t calendar_width(CalendarCovariates calendar);
// Number of input features per step: 1 + calendar_width.
std::size_t feature_count(const WindowOptions& options);
// Input steps with targets after them: 1 (the last), or W - fork_from + 1 when forking.
std::size_t target_steps(const WindowOptions& options);
// Number of target values per window: target_steps times H (Direct) or 1 (NextValue).
std::size_t target_count(const WindowOptions& options);
// Rows one window spans: W + H for Direct, W + 1 otherwise.
std::size_t window_span(const WindowOptions& options);

struct Windows {
  std::size_t count = 0;
  std::size_t input_length = 0;  // W
  std::size_t features = 0;      // per input step
  std::size_t target_steps = 1;  // input steps with targets after them (windowing's target_steps)
  std::size_t targets_per_window = 0;
  std::vector<double> inputs;       // (count, W, features), row-major: value first, then covariates
  std::vector<double> targets;      // (count, targets_per_window): (count, target_steps, per step) when forking
  std::vector<std::size_t> starts;  // first input row of each window
};

// The calendar one-hot features of each date: (dates.size(), calendar_width(calendar)).
std::vector<double> calendar_one_hot(std::span<const TimePoint> dates, CalendarCovariates calendar);

// Cuts every window of the series. `dates` may be empty when no calendar covariates are asked for, and must
// otherwise match values row for row. Throws elman::Error when the series is shorter than one window (naming the
// rows needed), for W, H or stride of 0, a fork_from past W, or for mismatched dates.
Windows make_windows(std::span<const double> values, std::span<const TimePoint> dates, const WindowOptions& options);

// The one input window a forecast starts from: the last W rows, shaped (W, features) like make_windows' inputs.
std::vector<double> last_input_window(std::span<const double> values, std::span<const TimePoint> dates,
                                      const WindowOptions& options);

}  // namespace elman::ts
