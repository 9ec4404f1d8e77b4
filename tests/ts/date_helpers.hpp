#pragma once
// Building time points and series in tests: at(2017, 1, 31) reads better than counting seconds.
#include <date/date.h>

#include <chrono>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "elman/ts/time_series.hpp"

namespace elman::testing {

inline ts::TimePoint at(int year, unsigned month, unsigned day, int hour = 0, int minute = 0, int second = 0) {
  const date::sys_days days{date::year{year} / date::month{month} / date::day{day}};
  return ts::TimePoint{days.time_since_epoch()} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
         std::chrono::seconds{second};
}

// Monthly rows from January 2000, value(t) for t = 0, 1, ..., in a series read from "series.csv".
template <typename F>
ts::TimeSeries monthly(std::size_t rows, F value, const std::string& name = "value") {
  std::vector<ts::TimePoint> dates;
  std::vector<double> values;
  for (std::size_t t = 0; t < rows; ++t) {
    dates.push_back(at(2000 + int(t / 12), unsigned(t % 12) + 1, 1));
    values.push_back(value(double(t)));
  }
  ts::TimeSeries series(dates, {name}, {values}, ts::DateFormat::of(ts::DateFormat::Style::IsoDate));
  series.source = "series.csv";
  return series;
}

// Hourly rows from Monday 2000-01-03 00:00: a daily cycle, 100 + 10 sin(2 pi t / 24), 20 lower on Saturdays and
// Sundays, so that only a season of a week (168 hours) holds both.
inline ts::TimeSeries hourly_with_weekends(int weeks) {
  std::vector<ts::TimePoint> dates;
  std::vector<double> values;
  for (int t = 0; t < 24 * 7 * weeks; ++t) {
    dates.push_back(at(2000, 1, 3) + std::chrono::hours(t));
    const bool weekend = (t / 24) % 7 >= 5;
    values.push_back(100.0 + 10.0 * std::sin(2.0 * std::numbers::pi * t / 24.0) - (weekend ? 20.0 : 0.0));
  }
  ts::TimeSeries series(dates, {"load"}, {values}, ts::DateFormat::of(ts::DateFormat::Style::IsoDateTime));
  series.source = "load.csv";
  return series;
}

}  // namespace elman::testing
