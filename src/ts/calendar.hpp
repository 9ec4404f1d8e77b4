#pragma once
// Calendar steps shared by frequency inference, gap filling and TimeSeries::next_date (private to the ts layer).
#include <optional>
#include <span>

#include "elman/ts/time_series.hpp"

namespace elman::ts::detail {

// Monthly, quarterly and yearly series step in calendar months; the others in fixed durations.
bool steps_in_months(Frequency frequency);

// The day of month a month-stepping series keeps: the largest it shows, clamped in shorter months, so month-end
// series (1/31, 2/28, 3/31) and month-start series are both regular.
int anchor_day(std::span<const TimePoint> dates);

// The date `periods` steps from `origin`, keeping `anchor` as the day of month where months are stepped.
TimePoint step_from(TimePoint origin, Frequency frequency, long periods, int anchor);

// Whole periods from `from` to `to` when both lie on the series' grid, else nullopt.
std::optional<long> periods_between(TimePoint from, TimePoint to, Frequency frequency, int anchor);

}  // namespace elman::ts::detail
