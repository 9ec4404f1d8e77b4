#pragma once
// Rolling-origin evaluation (FPP3 5.10, "time series cross-validation"): at each origin o the forecasters see only
// the rows before o and forecast rows o .. o+H-1; errors are pooled over every origin and step. Every method is
// refitted at every origin: the baselines (naive, seasonal naive, drift, Holt-Winters chosen by AICc among the
// variants of every season holt_winters_seasons gives, as is the best variant in hindsight) and elman's
// forecaster, once per seed (or the forecaster only once, on the rows before the first origin, to save time).
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "elman/ts/baselines.hpp"
#include "elman/ts/forecaster.hpp"
#include "elman/ts/time_series.hpp"

namespace elman::ts {

struct BacktestOptions {
  std::size_t origins = 0;  // 0: default_origins, or as many as leave each fit the rows it needs where fewer
  std::size_t horizon = 0;  // 0: default_backtest_horizon of the series' frequency
  std::size_t step = 1;     // rows between consecutive origins
  bool refit_every = true;  // train the forecaster again at every origin (else once, before the first)
  std::size_t seeds = 3;    // forecaster.seed, seed + 1, ...
  std::vector<double> levels{80.0};
  // Its horizon is set to `horizon`; its threads (0: every usable core) run the fits side by side, each training
  // its networks on an equal share of them. The result is the same with any number of threads.
  ForecasterOptions forecaster;
};

// Something a method's fits chose (the forecaster's model, the Holt-Winters variant by AICc), and how many did.
struct Choice {
  std::string description;
  std::size_t fits = 0;
  bool operator==(const Choice&) const = default;
};

struct MethodScores {
  std::string name{};             // "elman (seed 1)", "elman (mean of 3 seeds)", "snaive", ...
  std::string description{};      // what the method is: "last value", "chosen by AICc", the variant, ...
  std::vector<Choice> choices{};  // what its fits chose, the most frequent first (empty where nothing is chosen)
  double mae = 0.0, rmse = 0.0, mape = 0.0, smape = 0.0, mase = 0.0;  // mape: NaN where an actual is 0
  std::map<double, double> coverage{};  // level → fraction of actuals inside the interval (0..1)
  std::vector<Forecast> forecasts{};    // one per origin (empty for the mean-of-seeds row)
};

struct BacktestResult {
  std::vector<std::size_t> origins;  // row index of each origin's first forecast step
  std::size_t horizon = 0;           // steps forecast from each
  std::size_t fewest_rows = 0;       // before an origin, that every method's fit needs
  std::vector<MethodScores> methods;
  std::vector<double> training_seconds;  // of every forecaster trained
};

// Called after each forecaster is trained: how many so far, and how many in all (seeds, times origins with
// refit_every). Calls may come from several threads, one at a time.
using TrainedCallback = std::function<void(std::size_t trained, std::size_t total)>;

// The horizon a backtest forecasts when none is given: a year of monthly data (12), else the horizon `elman train`
// forecasts (default_horizon: 8 quarterly, 6 yearly, 13 weekly, 14 daily, 10 business-daily, 48 hourly).
std::size_t default_backtest_horizon(Frequency frequency);

// The number of origins by default, where the series has the rows for them.
inline constexpr std::size_t default_origins = 25;

// The indices into `origins` (ascending rows) whose forecasts of `horizon` steps do not overlap: the first, then
// each origin at least one horizon after the last one kept. The backtest's chart draws these.
std::vector<std::size_t> non_overlapping(const std::vector<std::size_t>& origins, std::size_t horizon);

// Throws elman::Error when the series is too short for the origins (naming the rows needed) or the step or seeds
// are 0.
BacktestResult backtest(const TimeSeries& series, const BacktestOptions& options,
                        const TrainedCallback& on_trained = {});

}  // namespace elman::ts
