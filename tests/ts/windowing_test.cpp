#include "elman/ts/windowing.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <numeric>
#include <vector>

#include "elman/core/error.hpp"

namespace elman::ts {
namespace {

using namespace std::chrono;

std::vector<double> counting(std::size_t n) {
  std::vector<double> out(n);
  std::iota(out.begin(), out.end(), 0.0);  // value == row index, so windows read as row numbers
  return out;
}

// Monthly dates from the given month on (the first of each month).
std::vector<TimePoint> monthly(std::size_t n, year_month first = 1985y / March) {
  std::vector<TimePoint> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(TimePoint{sys_days{(first + months(i)) / 1}});
  return out;
}

template <typename F>
std::string message_of(F&& call) {
  try {
    call();
  } catch (const Error& error) {
    return error.what();
  }
  return "no error";
}

std::vector<double> row(const std::vector<double>& data, std::size_t index, std::size_t width) {
  return {data.begin() + std::ptrdiff_t(index * width), data.begin() + std::ptrdiff_t((index + 1) * width)};
}

TEST(Windowing, DirectWindowsCoverEveryStartWithExactCount) {
  const auto values = counting(10);
  const Windows windows = make_windows(values, {}, {.input = 3, .horizon = 2});
  EXPECT_EQ(windows.count, 6u);  // 10 - (3 + 2) + 1
  EXPECT_EQ(windows.features, 1u);
  EXPECT_EQ(windows.targets_per_window, 2u);
  EXPECT_EQ(windows.starts, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(row(windows.inputs, 0, 3), (std::vector<double>{0, 1, 2}));
  EXPECT_EQ(row(windows.targets, 0, 2), (std::vector<double>{3, 4}));
  EXPECT_EQ(row(windows.inputs, 5, 3), (std::vector<double>{5, 6, 7}));
  EXPECT_EQ(row(windows.targets, 5, 2), (std::vector<double>{8, 9}));  // the last window ends at the last row
}

TEST(Windowing, SeriesOfExactlyOneSpanGivesOneWindow) {
  const auto values = counting(5);
  const Windows windows = make_windows(values, {}, {.input = 3, .horizon = 2});
  EXPECT_EQ(windows.count, 1u);
  EXPECT_EQ(windows.targets, (std::vector<double>{3, 4}));
}

TEST(Windowing, StrideAnchorsWindowsAtTheEnd) {
  const auto values = counting(12);
  // span 5, starts ... 7 going back by 3: 1, 4, 7; row 0 starts no window.
  const Windows windows = make_windows(values, {}, {.input = 3, .horizon = 2, .stride = 3});
  EXPECT_EQ(windows.count, 3u);
  EXPECT_EQ(windows.starts, (std::vector<std::size_t>{1, 4, 7}));
  EXPECT_EQ(row(windows.targets, 2, 2), (std::vector<double>{10, 11}));
}

TEST(Windowing, NextValueTargetIsTheRowAfterTheInput) {
  const auto values = counting(6);
  const Windows windows = make_windows(values, {}, {.input = 4, .horizon = 99, .target = TargetKind::NextValue});
  EXPECT_EQ(windows.count, 2u);  // span 4 + 1; the horizon does not matter
  EXPECT_EQ(windows.targets, (std::vector<double>{4, 5}));
}

TEST(Windowing, TheNextValueForkingFromTheFirstStepIsTheInputShiftedByOne) {
  const auto values = counting(6);
  const Windows windows = make_windows(values, {}, {.input = 4, .target = TargetKind::NextValue, .fork_from = 1});
  EXPECT_EQ(windows.count, 2u);
  EXPECT_EQ(windows.target_steps, 4u);
  EXPECT_EQ(windows.targets_per_window, 4u);
  EXPECT_EQ(row(windows.targets, 1, 4), (std::vector<double>{2, 3, 4, 5}));
}

TEST(Windowing, ForkingTargetsFollowEveryStepFromTheForkOn) {
  const auto values = counting(9);
  // Input 4, horizon 2: span 6, windows at 0, 1, 2, 3. From step 3: steps 3 and 4 (rows s+2, s+3) forecast
  // rows s+3, s+4 and s+4, s+5; the last step's targets are the window's own.
  const Windows windows = make_windows(values, {}, {.input = 4, .horizon = 2, .fork_from = 3});
  EXPECT_EQ(windows.count, 4u);
  EXPECT_EQ(windows.target_steps, 2u);
  EXPECT_EQ(windows.targets_per_window, 4u);
  EXPECT_EQ(row(windows.targets, 3, 4), (std::vector<double>{6, 7, 7, 8}));
  EXPECT_EQ(make_windows(values, {}, {.input = 4, .horizon = 2, .fork_from = 4}).targets,
            make_windows(values, {}, {.input = 4, .horizon = 2}).targets);  // from the last step: the default
  EXPECT_EQ(message_of([&] { make_windows(values, {}, {.input = 4, .horizon = 2, .fork_from = 5}); }),
            "windowing: expected fork_from of 0 to the input window's 4 steps, got 5");
}

TEST(Windowing, MonthOfYearOneHotFollowsEachInputStep) {
  const auto values = counting(14);
  const auto dates = monthly(14, 1985y / November);
  const WindowOptions options{.input = 3, .horizon = 1, .calendar = CalendarCovariates::MonthOfYear};
  const Windows windows = make_windows(values, dates, options);
  ASSERT_EQ(windows.features, 13u);
  EXPECT_EQ(windows.count, 11u);
  // Window 0: rows 0, 1, 2 = November, December, January.
  for (std::size_t step = 0; step < 3; ++step) {
    const auto features = row(windows.inputs, step, 13);
    EXPECT_EQ(features[0], double(step));
    std::vector<double> month(12, 0.0);
    month[(10 + step) % 12] = 1.0;
    EXPECT_EQ(std::vector<double>(features.begin() + 1, features.end()), month) << "step " << step;
  }
}

TEST(Windowing, MonthOneHotUsesTheCalendarMonth) {
  const std::vector<TimePoint> dates{TimePoint{sys_days{2016y / February / 29}} + hours(13)};
  std::vector<double> expected(12, 0.0);
  expected[1] = 1.0;
  EXPECT_EQ(calendar_one_hot(dates, CalendarCovariates::MonthOfYear), expected);
}

TEST(Windowing, HourAndWeekdayOneHotsFollowEachInputStep) {
  // Sunday 2000-01-02 22:00, 23:00, then Monday 00:00, 01:00.
  std::vector<TimePoint> dates;
  for (int h = 0; h < 4; ++h) dates.push_back(TimePoint{sys_days{2000y / January / 2}} + hours(22 + h));
  const Windows windows =
      make_windows(counting(4), dates, {.input = 3, .horizon = 1, .calendar = CalendarCovariates::HourAndWeekday});
  ASSERT_EQ(windows.features, 32u);
  ASSERT_EQ(windows.count, 1u);
  const std::size_t hour[] = {22, 23, 0}, weekday[] = {6, 6, 0};  // Monday is 0
  for (std::size_t step = 0; step < 3; ++step) {
    const auto features = row(windows.inputs, step, 32);
    std::vector<double> expected(32, 0.0);
    expected[0] = double(step);
    expected[1 + hour[step]] = 1.0;
    expected[1 + 24 + weekday[step]] = 1.0;
    EXPECT_EQ(features, expected) << "step " << step;
  }
}

TEST(Windowing, CalendarNamesRoundTrip) {
  for (auto c : {CalendarCovariates::None, CalendarCovariates::MonthOfYear, CalendarCovariates::HourAndWeekday})
    EXPECT_EQ(parse_calendar(to_string(c)), c);
  EXPECT_EQ(message_of([] { parse_calendar("weekday"); }), "expected none, month or hour_weekday, got 'weekday'");
}

TEST(Windowing, LastInputWindowIsTheTailOfTheHistory) {
  const auto values = counting(30);
  const auto dates = monthly(30);
  const WindowOptions options{.input = 2, .horizon = 24, .calendar = CalendarCovariates::MonthOfYear};
  const auto window = last_input_window(values, dates, options);
  ASSERT_EQ(window.size(), 26u);
  EXPECT_EQ(window[0], 28.0);
  EXPECT_EQ(window[13], 29.0);
  // Row 29 is 29 months after March 1985: August 1987.
  EXPECT_EQ(window[13 + 1 + 7], 1.0);
}

TEST(Windowing, ShortSeriesSaysHowManyRowsAreNeeded) {
  const auto values = counting(30);
  EXPECT_EQ(message_of([&] { make_windows(values, {}, {.input = 24, .horizon = 12}); }),
            "windowing: a series of 30 rows is too short for input window 24 + horizon 12: at least 36 rows are "
            "needed");
  EXPECT_EQ(message_of([&] { make_windows(values, {}, {.input = 30, .target = TargetKind::NextValue}); }),
            "windowing: a series of 30 rows is too short for input window 30 + 1 next value: at least 31 rows are "
            "needed");
  EXPECT_EQ(message_of([&] { last_input_window(values, {}, {.input = 31}); }),
            "windowing: a history of 30 rows is too short for input window 31: at least 31 rows are needed");
}

TEST(Windowing, RejectsZeroSizesAndMissingDates) {
  const auto values = counting(30);
  EXPECT_EQ(message_of([&] { make_windows(values, {}, {.input = 0}); }),
            "windowing: expected an input window of at least 1 row, got 0");
  EXPECT_EQ(message_of([&] { make_windows(values, {}, {.input = 3, .horizon = 0}); }),
            "windowing: expected a horizon of at least 1, got 0");
  EXPECT_EQ(message_of([&] { make_windows(values, {}, {.input = 3, .stride = 0}); }),
            "windowing: expected a stride of at least 1, got 0");
  EXPECT_EQ(message_of([&] {
              make_windows(values, monthly(29), {.input = 3, .calendar = CalendarCovariates::MonthOfYear});
            }),
            "windowing: calendar covariates need one date per value: expected 30 dates, got 29");
}

}  // namespace
}  // namespace elman::ts
