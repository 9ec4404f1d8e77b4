#include "elman/ts/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "elman/core/error.hpp"

namespace elman::ts {
namespace {

void check_pair(std::string_view metric, std::span<const double> actual, std::span<const double> other,
                std::string_view other_name = "forecast") {
  if (actual.empty()) fail("{}: expected at least one actual value, got an empty series", metric);
  if (actual.size() != other.size())
    fail("{}: expected as many {} values as actuals ({}), got {}", metric, other_name, actual.size(), other.size());
}

template <typename Term>
double mean_of(std::span<const double> actual, std::span<const double> forecast, Term term) {
  double sum = 0.0;
  for (std::size_t i = 0; i < actual.size(); ++i) sum += term(actual[i], forecast[i], i);
  return sum / double(actual.size());
}

}  // namespace

double mae(std::span<const double> actual, std::span<const double> forecast) {
  check_pair("mae", actual, forecast);
  return mean_of(actual, forecast, [](double a, double f, std::size_t) { return std::abs(a - f); });
}

double rmse(std::span<const double> actual, std::span<const double> forecast) {
  check_pair("rmse", actual, forecast);
  return std::sqrt(mean_of(actual, forecast, [](double a, double f, std::size_t) { return (a - f) * (a - f); }));
}

double mape(std::span<const double> actual, std::span<const double> forecast) {
  check_pair("mape", actual, forecast);
  return 100.0 * mean_of(actual, forecast, [](double a, double f, std::size_t i) {
           if (a == 0.0) fail("mape: expected non-zero actual values, got 0 at index {}", i);
           return std::abs(a - f) / std::abs(a);
         });
}

bool mape_applies(std::span<const double> actual) {
  return std::all_of(actual.begin(), actual.end(), [](double a) { return a > 0.0; });
}

double choice_error(std::span<const double> actual, std::span<const double> forecast) {
  return mape_applies(actual) ? mape(actual, forecast) : mae(actual, forecast);
}

const char* choice_error_name(std::span<const double> actual) { return mape_applies(actual) ? "MAPE %" : "MAE"; }

double smape(std::span<const double> actual, std::span<const double> forecast) {
  check_pair("smape", actual, forecast);
  return 100.0 * mean_of(actual, forecast, [](double a, double f, std::size_t) {
           const double denominator = std::abs(a) + std::abs(f);
           return denominator == 0.0 ? 0.0 : 2.0 * std::abs(a - f) / denominator;
         });
}

double seasonal_naive_scale(std::span<const double> training, std::size_t season) {
  if (season == 0) fail("mase: expected a season of at least 1, got 0");
  if (training.size() <= season)
    fail("mase: expected more than {} training values for season {}, got {}", season, season, training.size());
  double sum = 0.0;
  for (std::size_t t = season; t < training.size(); ++t) sum += std::abs(training[t] - training[t - season]);
  const double scale = sum / double(training.size() - season);
  if (scale == 0.0) fail("mase: the training series is constant at season {}, so the seasonal-naive scale is 0", season);
  return scale;
}

double mase(std::span<const double> actual, std::span<const double> forecast, std::span<const double> training,
            std::size_t season) {
  check_pair("mase", actual, forecast);
  return mae(actual, forecast) / seasonal_naive_scale(training, season);
}

double interval_coverage(std::span<const double> actual, std::span<const double> lower,
                         std::span<const double> upper) {
  check_pair("interval_coverage", actual, lower, "lower");
  check_pair("interval_coverage", actual, upper, "upper");
  std::size_t inside = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) inside += lower[i] <= actual[i] && actual[i] <= upper[i];
  return double(inside) / double(actual.size());
}

double pinball_loss(std::span<const double> actual, std::span<const double> quantile, double tau) {
  check_pair("pinball_loss", actual, quantile, "quantile");
  if (!(tau > 0.0 && tau < 1.0)) fail("pinball_loss: expected a quantile level in (0, 1), got {}", tau);
  return mean_of(actual, quantile, [tau](double a, double q, std::size_t) {
    const double diff = a - q;
    return diff >= 0.0 ? tau * diff : (tau - 1.0) * diff;
  });
}

}  // namespace elman::ts
