#include "elman/ts/baselines.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "elman/core/error.hpp"
#include "elman/core/random.hpp"
#include "ts/names.hpp"

namespace elman::ts {
namespace {

void check_horizon(std::string_view method, std::size_t horizon) {
  if (horizon == 0) fail("{}: expected a horizon of at least 1, got 0", method);
}

void check_length(std::string_view method, std::span<const double> history, std::size_t needed) {
  if (history.size() < needed) fail("{}: expected at least {} history values, got {}", method, needed, history.size());
}

void check_levels(std::span<const double> levels) {
  for (double level : levels)
    if (!(level > 0.0 && level < 100.0)) fail("prediction interval: expected a level in (0, 100) percent, got {}", level);
}

// mean +- z sigma_h, z the normal quantile of (1 + level/100) / 2.
std::vector<PredictionInterval> normal_intervals(std::span<const double> mean, std::span<const double> sigma,
                                                 std::span<const double> levels) {
  std::vector<PredictionInterval> out;
  for (double level : levels) {
    const double z = normal_quantile(0.5 + level / 200.0);
    PredictionInterval interval{level, {}, {}};
    for (std::size_t h = 0; h < mean.size(); ++h) {
      interval.lower.push_back(mean[h] - z * sigma[h]);
      interval.upper.push_back(mean[h] + z * sigma[h]);
    }
    out.push_back(std::move(interval));
  }
  return out;
}

double mean_square(std::span<const double> values, double denominator) {
  return std::inner_product(values.begin(), values.end(), values.begin(), 0.0) / denominator;
}

}  // namespace

void keep_non_negative(std::span<const double> history, Forecast& forecast) {
  if (std::any_of(history.begin(), history.end(), [](double v) { return v < 0.0; })) return;
  const auto raise = [](std::vector<double>& values) {
    for (double& v : values) v = std::max(v, 0.0);
  };
  raise(forecast.mean);
  for (auto& interval : forecast.intervals) raise(interval.lower), raise(interval.upper);
}

double normal_quantile(double p) {
  if (!(p > 0.0 && p < 1.0)) fail("normal_quantile: expected a probability in (0, 1), got {}", p);
  // Acklam's rational approximations (relative error 1.15e-9), then one Halley step on Phi(x) = erfc(-x/sqrt2)/2.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01,  -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  double x;
  if (p < kLow || p > 1.0 - kLow) {
    const double q = std::sqrt(-2.0 * std::log(p < kLow ? p : 1.0 - p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    if (p > 1.0 - kLow) x = -x;
  } else {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  }
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = e * std::sqrt(2.0 * M_PI) * std::exp(x * x / 2.0);
  return x - u / (1.0 + x * u / 2.0);
}

Forecast naive(std::span<const double> history, std::size_t horizon, std::span<const double> levels) {
  check_horizon("naive", horizon);
  check_length("naive", history, 2);
  check_levels(levels);
  std::vector<double> residuals(history.size() - 1);
  for (std::size_t t = 1; t < history.size(); ++t) residuals[t - 1] = history[t] - history[t - 1];
  const double sigma = std::sqrt(mean_square(residuals, double(residuals.size())));
  Forecast out{std::vector<double>(horizon, history.back()), {}};
  std::vector<double> sigma_h(horizon);
  for (std::size_t h = 1; h <= horizon; ++h) sigma_h[h - 1] = sigma * std::sqrt(double(h));
  out.intervals = normal_intervals(out.mean, sigma_h, levels);
  keep_non_negative(history, out);
  return out;
}

Forecast seasonal_naive(std::span<const double> history, std::size_t season, std::size_t horizon,
                        std::span<const double> levels) {
  check_horizon("seasonal_naive", horizon);
  if (season == 0) fail("seasonal_naive: expected a season of at least 1, got 0");
  check_length("seasonal_naive", history, season + 1);
  check_levels(levels);
  std::vector<double> residuals(history.size() - season);
  for (std::size_t t = season; t < history.size(); ++t) residuals[t - season] = history[t] - history[t - season];
  const double sigma = std::sqrt(mean_square(residuals, double(residuals.size())));
  Forecast out;
  std::vector<double> sigma_h;
  const std::size_t last_season_start = history.size() - season;
  for (std::size_t h = 1; h <= horizon; ++h) {
    const std::size_t k = (h - 1) / season;
    out.mean.push_back(history[last_season_start + (h - 1) % season]);
    sigma_h.push_back(sigma * std::sqrt(double(k + 1)));
  }
  out.intervals = normal_intervals(out.mean, sigma_h, levels);
  keep_non_negative(history, out);
  return out;
}

Forecast drift(std::span<const double> history, std::size_t horizon, std::span<const double> levels) {
  check_horizon("drift", horizon);
  check_length("drift", history, 3);
  check_levels(levels);
  const double steps = double(history.size() - 1);
  const double slope = (history.back() - history.front()) / steps;
  std::vector<double> residuals(history.size() - 1);
  for (std::size_t t = 1; t < history.size(); ++t) residuals[t - 1] = history[t] - history[t - 1] - slope;
  // One parameter (the slope) is estimated from the T - 1 differences.
  const double sigma = std::sqrt(mean_square(residuals, steps - 1.0));
  Forecast out;
  std::vector<double> sigma_h;
  for (std::size_t h = 1; h <= horizon; ++h) {
    out.mean.push_back(history.back() + double(h) * slope);
    sigma_h.push_back(sigma * std::sqrt(double(h) * (1.0 + double(h) / steps)));
  }
  out.intervals = normal_intervals(out.mean, sigma_h, levels);
  keep_non_negative(history, out);
  return out;
}

namespace {

constexpr detail::Names<TrendKind, 3> kTrendNames{
    {{TrendKind::None, "none"}, {TrendKind::Additive, "additive"}, {TrendKind::Damped, "damped"}}};
constexpr detail::Names<SeasonKind, 3> kSeasonNames{
    {{SeasonKind::None, "none"}, {SeasonKind::Additive, "additive"}, {SeasonKind::Multiplicative, "multiplicative"}}};

}  // namespace

std::string to_string(TrendKind trend) { return std::string(detail::name_of(kTrendNames, trend)); }

std::string to_string(SeasonKind season) { return std::string(detail::name_of(kSeasonNames, season)); }

TrendKind parse_trend_kind(std::string_view text) { return detail::value_named(kTrendNames, text, "trend: "); }

SeasonKind parse_season_kind(std::string_view text) { return detail::value_named(kSeasonNames, text, "season: "); }

}  // namespace elman::ts
