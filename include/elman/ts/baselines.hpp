#pragma once
// Classical forecasting baselines: naive, seasonal naive, drift and Holt-Winters exponential smoothing, each with
// prediction intervals. Methods and formulas follow Hyndman & Athanasopoulos, "Forecasting: Principles and
// Practice" (FPP3), sections 5.2, 5.5 and 8.3; docs/baselines.md summarises them.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace elman::ts {

// A central prediction interval at `level` percent (80 means the 10 % and 90 % quantiles).
struct PredictionInterval {
  double level = 80.0;
  std::vector<double> lower;
  std::vector<double> upper;
};

struct Forecast {
  std::vector<double> mean;                     // point forecasts for steps 1..h
  std::vector<PredictionInterval> intervals;    // one per requested level, in the order asked
};

// Where no value of `history` is below 0 (counts, amounts, prices), no outcome is either: the point forecasts and
// bounds below 0 are raised to 0. Every forecast of elman's methods ends with it; a series that has held a negative
// value keeps its forecast as it is.
void keep_non_negative(std::span<const double> history, Forecast& forecast);

// Quantile function of the standard normal distribution, p in (0, 1) (Acklam's approximation refined by one
// Halley step on erfc, accurate to about 1e-15).
double normal_quantile(double p);

// y_{T+h} = y_T; sigma_h = sigma sqrt(h), sigma^2 the mean squared one-step residual. Needs 2 values.
Forecast naive(std::span<const double> history, std::size_t horizon, std::span<const double> levels = {});
// y_{T+h} = y_{T+h-m(k+1)}, k = floor((h-1)/m); sigma_h = sigma sqrt(k+1), sigma^2 the mean squared seasonal
// difference. Needs m + 1 values.
Forecast seasonal_naive(std::span<const double> history, std::size_t season, std::size_t horizon,
                        std::span<const double> levels = {});
// y_{T+h} = y_T + h c with c = (y_T - y_1)/(T - 1); sigma_h = sigma sqrt(h (1 + h/(T - 1))), sigma^2 the sum of
// squared (y_t - y_{t-1} - c) over T - 2. Needs 3 values.
Forecast drift(std::span<const double> history, std::size_t horizon, std::span<const double> levels = {});

enum class TrendKind { None, Additive, Damped };
enum class SeasonKind { None, Additive, Multiplicative };
std::string to_string(TrendKind trend);    // "none", "additive", "damped"
std::string to_string(SeasonKind season);  // "none", "additive", "multiplicative"
// The inverses of to_string; throw elman::Error naming the text otherwise.
TrendKind parse_trend_kind(std::string_view text);
SeasonKind parse_season_kind(std::string_view text);

struct HoltWintersSpec {
  TrendKind trend = TrendKind::Additive;
  SeasonKind season = SeasonKind::Multiplicative;
  std::size_t period = 12;  // m; ignored when season is None
};

// "Holt-Winters (additive trend, multiplicative season, m = 12)", "Holt-Winters (no trend, no season)".
std::string describe(const HoltWintersSpec& spec);

// Smoothing parameters and initial states. seasons[j] is the seasonal state used for observation j (j < m),
// as statsmodels' initial_seasons; they sum to 0 (additive) or to m (multiplicative) after fitting.
struct HoltWintersParams {
  double alpha = 0.5;
  double beta = 0.0;   // trend smoothing (beta* of FPP3); 0 without trend
  double gamma = 0.0;  // season smoothing; 0 without season
  double phi = 1.0;    // damping; 1 unless damped
  double level = 0.0;
  double trend = 0.0;
  std::vector<double> seasons;
};

// Holt-Winters in error-correction form (FPP3 8.3, statsmodels' ExponentialSmoothing), with a = l_{t-1} + phi b_{t-1}:
//   additive season:       yhat = a + s_{t-m},  l = alpha (y - s_{t-m}) + (1 - alpha) a,  s = gamma (y - a) + (1 - gamma) s_{t-m}
//   multiplicative season: yhat = a s_{t-m},    l = alpha y / s_{t-m} + (1 - alpha) a,    s = gamma y / a + (1 - gamma) s_{t-m}
//   trend:                 b = beta (l - l_{t-1}) + (1 - beta) phi b_{t-1}
// The in-sample sum of squared one-step errors of the recursions below at `params` on `training`, and with
// `gradient` its derivative with respect to every field of HoltWintersParams (each of the m seasonal states on its
// own; beta, gamma and phi 0 where the variant has none), by reverse-mode differentiation through the recursions:
// one pass forward and one back. +infinity where they break down (a multiplicative season with a <= 0, or
// overflow), the gradient then left as it was. The fit minimises it.
double holt_winters_sse(std::span<const double> training, const HoltWintersSpec& spec, const HoltWintersParams& params,
                        HoltWintersParams* gradient = nullptr);

class HoltWinters {
 public:
  // Evaluates given parameters on the training values (in-sample one-step predictions, SSE, final state).
  HoltWinters(std::span<const double> training, const HoltWintersSpec& spec, HoltWintersParams params);
  // Fits parameters and initial states by minimising the in-sample SSE of one-step predictions with NLopt's
  // bounded L-BFGS on holt_winters_sse's exact gradient, from fixed starts; deterministic (docs/baselines.md). Throws elman::Error when the training
  // series has fewer than 2 seasons (or 4 values without season), or has non-positive values for a
  // multiplicative season.
  static HoltWinters fit(std::span<const double> training, const HoltWintersSpec& spec);

  const HoltWintersSpec& spec() const { return spec_; }
  const HoltWintersParams& params() const { return params_; }
  std::span<const double> fitted() const { return fitted_; }  // one-step in-sample predictions
  double sse() const { return sse_; }
  // Free parameters: smoothing parameters, level, trend, and m - 1 seasonal states (their sum is fixed).
  std::size_t parameter_count() const;
  // AICc of the Gaussian least-squares fit, with K = parameter_count() + 1 (the error variance):
  // n log(SSE/n) + 2K + 2K(K + 1)/(n - K - 1).
  double aicc() const;
  // "Holt-Winters (additive trend, multiplicative season, m = 12)", "Holt-Winters (no trend, no season)".
  std::string describe() const;

  // Whether the intervals draw relative errors, yhat (1 + e), rather than additive ones, yhat + e: on positive data,
  // where the one-step errors' Gaussian likelihood is higher in that form (their spread grows with the level).
  bool relative_errors() const { return relative_errors_; }

  // Point forecasts l + (phi + ... + phi^h) b combined with the season; intervals by simulating `paths` sample
  // paths of the fitted recursions with Gaussian errors e (additive or relative, as above) of variance
  // sum e^2 / (n - parameter_count()), drawn from elman::Rng(seed), and taking empirical quantiles per step.
  Forecast forecast(std::size_t horizon, std::span<const double> levels = {}, std::uint64_t seed = 0,
                    std::size_t paths = 5000) const;

 private:
  HoltWintersSpec spec_;
  HoltWintersParams params_;
  std::vector<double> fitted_;
  double sse_ = 0.0;
  bool relative_errors_ = false;       // the intervals' errors: yhat (1 + e) rather than yhat + e
  double lowest_ = 0.0;                // the lowest training value (keep_non_negative)
  double error_sum_of_squares_ = 0.0;  // of e in that form
  std::size_t observations_ = 0;
  double final_level_ = 0.0;
  double final_trend_ = 0.0;
  std::vector<double> final_seasons_;  // final_seasons_[j] applies to forecast step h with (h - 1) % m == j
};

// The fewest training rows a Holt-Winters fit with a season of `period` takes: two seasons for the seasonal
// states, or 4 without a season (period < 2: a level, a trend and their errors).
std::size_t holt_winters_rows(std::size_t period);

// Every variant that suits the data, for each season length of `periods` in turn: trend none/additive/damped x
// season additive/multiplicative, the multiplicative ones only for positive data; the trend variants without
// season (once) when a period is < 2 or the training rows are fewer than two of it.
std::vector<HoltWintersSpec> holt_winters_variants(std::span<const double> training,
                                                   const std::vector<std::size_t>& periods);
// Fits every variant and returns the one with the lowest AICc (comparable across season lengths: the same rows and
// the same error model, with each season's states counted as parameters).
HoltWinters fit_best_holt_winters(std::span<const double> training, const std::vector<std::size_t>& periods);

}  // namespace elman::ts
