#pragma once
// Forecast accuracy metrics over aligned spans of actuals and forecasts (definitions as in Hyndman &
// Athanasopoulos, "Forecasting: Principles and Practice", 3rd ed., section 5.8). Every function throws
// elman::Error when a span is empty or the lengths differ, naming the metric and both lengths.
#include <cstddef>
#include <span>

namespace elman::ts {

// Mean absolute error.
double mae(std::span<const double> actual, std::span<const double> forecast);
// Root mean squared error.
double rmse(std::span<const double> actual, std::span<const double> forecast);
// Mean absolute percentage error in percent: 100/n * sum |a - f| / |a|; an actual of 0 is an error.
double mape(std::span<const double> actual, std::span<const double> forecast);
// Whether MAPE is meaningful on these actuals: every one positive (it is undefined at 0, and where values cross 0
// the terms near it dominate).
bool mape_applies(std::span<const double> actual);
// The error that the forecaster's choices minimise (between the network and Holt-Winters, between Holt-Winters
// variants): MAPE where it applies, else MAE; choice_error_name says which ("MAPE %" or "MAE").
double choice_error(std::span<const double> actual, std::span<const double> forecast);
const char* choice_error_name(std::span<const double> actual);
// Symmetric MAPE in percent: 100/n * sum 2|a - f| / (|a| + |f|); a term with a = f = 0 counts as 0.
double smape(std::span<const double> actual, std::span<const double> forecast);
// The MASE denominator: the in-sample MAE of the seasonal-naive forecast, mean over t >= m of |y_t - y_{t-m}|.
// `season` m = 1 gives the naive scale. Throws when training has no more than m values or the scale is 0.
double seasonal_naive_scale(std::span<const double> training, std::size_t season);
// Mean absolute scaled error: MAE of the forecast divided by seasonal_naive_scale(training, season).
double mase(std::span<const double> actual, std::span<const double> forecast, std::span<const double> training,
            std::size_t season);
// Fraction (0..1) of actuals with lower <= a <= upper.
double interval_coverage(std::span<const double> actual, std::span<const double> lower,
                         std::span<const double> upper);
// Mean pinball (quantile) loss for quantile level tau in (0, 1): mean of max(tau (a - q), (tau - 1)(a - q)).
double pinball_loss(std::span<const double> actual, std::span<const double> quantile, double tau);

}  // namespace elman::ts
