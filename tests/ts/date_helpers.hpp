#pragma once
// Building time points in tests: at(2017, 1, 31) reads better than counting seconds.
#include <date/date.h>

#include "elman/ts/time_series.hpp"

namespace elman::testing {

inline ts::TimePoint at(int year, unsigned month, unsigned day, int hour = 0, int minute = 0, int second = 0) {
  const date::sys_days days{date::year{year} / date::month{month} / date::day{day}};
  return ts::TimePoint{days.time_since_epoch()} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
         std::chrono::seconds{second};
}

}  // namespace elman::testing
