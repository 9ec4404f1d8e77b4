#include "elman/ts/backtest.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <mutex>
#include <numeric>
#include <utility>

#include "elman/core/error.hpp"
#include "elman/core/parallel.hpp"
#include "elman/ts/metrics.hpp"

namespace elman::ts {
namespace {

// Pools the forecasts of every origin against the actual rows; MASE scales each origin's errors by the
// seasonal-naive MAE of its own history (FPP3 5.8) and averages.
void score(MethodScores& m, std::span<const double> values, const std::vector<std::size_t>& origins,
           std::size_t horizon, std::size_t season) {
  std::vector<double> actual, predicted, scaled;
  std::map<double, std::pair<std::vector<double>, std::vector<double>>> bounds;
  for (std::size_t i = 0; i < origins.size(); ++i) {
    const auto truth = values.subspan(origins[i], horizon);
    const Forecast& f = m.forecasts[i];
    actual.insert(actual.end(), truth.begin(), truth.end());
    predicted.insert(predicted.end(), f.mean.begin(), f.mean.end());
    scaled.push_back(mase(truth, f.mean, values.first(origins[i]), season));
    for (const auto& interval : f.intervals) {
      auto& [lower, upper] = bounds[interval.level];
      lower.insert(lower.end(), interval.lower.begin(), interval.lower.end());
      upper.insert(upper.end(), interval.upper.begin(), interval.upper.end());
    }
  }
  m.mae = ts::mae(actual, predicted);
  m.rmse = ts::rmse(actual, predicted);
  m.mape = std::find(actual.begin(), actual.end(), 0.0) == actual.end() ? ts::mape(actual, predicted)
                                                                        : std::numeric_limits<double>::quiet_NaN();
  m.smape = ts::smape(actual, predicted);
  m.mase = std::accumulate(scaled.begin(), scaled.end(), 0.0) / double(scaled.size());
  for (const auto& [level, b] : bounds) m.coverage[level] = interval_coverage(actual, b.first, b.second);
}

// Each distinct choice with the number of fits that made it, the most frequent first (ties in order of appearance).
std::vector<Choice> tally(const std::vector<std::string>& chosen) {
  std::vector<Choice> out;
  for (const std::string& c : chosen) {
    const auto it = std::find_if(out.begin(), out.end(), [&](const Choice& o) { return o.description == c; });
    if (it == out.end())
      out.push_back({c, 1});
    else
      ++it->fits;
  }
  std::stable_sort(out.begin(), out.end(), [](const Choice& a, const Choice& b) { return a.fits > b.fits; });
  return out;
}

// `hw_seasons`: those Holt-Winters tries (holt_winters_seasons) on the rows before the first origin.
MethodScores baseline_scores(const std::string& name, std::span<const double> values,
                             const std::vector<std::size_t>& origins, const BacktestOptions& o, std::size_t season,
                             const std::vector<std::size_t>& hw_seasons) {
  MethodScores m{.name = name};
  std::vector<std::string> variants;
  for (std::size_t origin : origins) {
    const auto history = values.first(origin);
    if (name == "naive") {
      m.forecasts.push_back(naive(history, o.horizon, o.levels));
    } else if (name == "snaive") {
      m.forecasts.push_back(seasonal_naive(history, season, o.horizon, o.levels));
    } else if (name == "drift") {
      m.forecasts.push_back(drift(history, o.horizon, o.levels));
    } else {
      const HoltWinters model = fit_best_holt_winters(history, hw_seasons);
      m.forecasts.push_back(model.forecast(o.horizon, o.levels, o.forecaster.seed));
      variants.push_back(model.describe());
    }
  }
  m.description = name == "naive"    ? "last value"
                  : name == "snaive" ? "last season"
                  : name == "drift"  ? "drift"
                                     : "chosen by AICc";
  m.choices = tally(variants);
  return m;
}

// Every Holt-Winters variant refitted at every origin, and the one with the lowest pooled MAPE (MAE where a value
// is <= 0, as the forecaster's choices): a yardstick that no forecaster can choose in advance.
MethodScores best_variant_in_hindsight(std::span<const double> values, const std::vector<std::size_t>& origins,
                                       const BacktestOptions& o, std::size_t season,
                                       const std::vector<std::size_t>& hw_seasons) {
  std::vector<double> actual;
  for (std::size_t origin : origins) {
    const auto truth = values.subspan(origin, o.horizon);
    actual.insert(actual.end(), truth.begin(), truth.end());
  }
  const auto error = [by_mape = mape_applies(actual)](const MethodScores& m) { return by_mape ? m.mape : m.mae; };
  MethodScores best{.name = "hw (best in hindsight)"};
  for (const auto& spec : holt_winters_variants(values.first(origins.front()), hw_seasons)) {
    MethodScores m{.name = best.name, .description = describe(spec)};
    for (std::size_t origin : origins)
      m.forecasts.push_back(
          HoltWinters::fit(values.first(origin), spec).forecast(o.horizon, o.levels, o.forecaster.seed));
    score(m, values, origins, o.horizon, season);
    if (best.forecasts.empty() || error(m) < error(best)) best = std::move(m);
  }
  return best;
}

}  // namespace

std::size_t default_backtest_horizon(Frequency frequency) {
  return frequency == Frequency::Monthly ? 12 : default_horizon(frequency);
}

std::vector<std::size_t> non_overlapping(const std::vector<std::size_t>& origins, std::size_t horizon) {
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < origins.size(); ++i)
    if (kept.empty() || origins[i] >= origins[kept.back()] + horizon) kept.push_back(i);
  return kept;
}

BacktestResult backtest(const TimeSeries& series, const BacktestOptions& options, const TrainedCallback& on_trained) {
  if (options.step == 0 || options.seeds == 0)
    fail("backtest: expected --step and --seeds of at least 1, got {} and {}", options.step, options.seeds);
  if (options.seeds > 100) fail("--seeds: expected 1 to 100 forecasters for each origin, got {}", options.seeds);
  series.require_forecastable_values();
  BacktestOptions o = options;
  if (!o.horizon) o.horizon = default_backtest_horizon(series.frequency());
  ForecasterOptions fo = o.forecaster;
  fo.horizon = o.horizon;
  fo.validate();
  const std::size_t season = fo.season ? fo.season : season_length(series.frequency());
  const std::size_t n = series.size();
  BacktestResult result;
  result.horizon = o.horizon;
  // The forecaster's fits need their rows, and the baselines' those of a seasonal Holt-Winters (two seasons), so
  // that every origin's Holt-Winters variants, the best in hindsight among them, have a season.
  result.fewest_rows = std::max(minimum_training_rows(fo, series.frequency()), holt_winters_rows(season));
  const std::size_t least = result.fewest_rows + o.horizon;  // rows for one origin
  if (!o.origins) o.origins = n < least ? 1 : std::min(default_origins, (n - least) / o.step + 1);
  // In 128 bits: --origins and --step have no upper bound, and their product must not wrap around.
  __extension__ using Wide = unsigned __int128;
  const Wide needed = Wide(o.origins - 1) * o.step + least;
  if (needed > n)
    fail(
        "{}: {} rows are too few for {} with a horizon of {}: expected at least {} (each fit needs {} rows before "
        "its origin)",
        series.source, n, o.origins == 1 ? "a backtest" : fmt::format("{} origins {} apart", o.origins, o.step),
        o.horizon, needed, result.fewest_rows);
  const std::size_t span = o.horizon + (o.origins - 1) * o.step;
  for (std::size_t i = 0; i < o.origins; ++i) result.origins.push_back(n - span + i * o.step);
  const std::span<const double> values = series.values();

  // Each fit (a seed, and with refit_every an origin) is one task; the fits run side by side, each training its
  // networks on an equal share of the threads. A fit depends only on its rows and its seed, so the result is the
  // same with any number of threads.
  const std::size_t fits_per_seed = o.refit_every ? o.origins : 1, fits = o.seeds * fits_per_seed;
  const std::size_t threads = fo.threads ? fo.threads : usable_cores(), side_by_side = std::min(threads, fits);
  struct Fit {
    std::vector<Forecast> forecasts;  // from its origin (refit_every), or from every origin
    std::string description;
    double seconds = 0.0;
  };
  std::vector<Fit> done(fits);
  std::mutex progress;
  std::size_t trained = 0;
  parallel_for(fits, side_by_side, [&](std::size_t i) {
    ForecasterOptions f = fo;
    f.seed = o.forecaster.seed + i / fits_per_seed;
    f.threads = std::max<std::size_t>(1, threads / side_by_side);
    const std::size_t first = i % fits_per_seed, last = o.refit_every ? first + 1 : o.origins;
    // An error says at which origin: the one whose rows were too few, say, and so how to leave more.
    const auto at_origin = [&](std::size_t k, std::string_view doing, const auto& step) {
      try {
        return step();
      } catch (const Error& e) {
        fail("{} ({} the {} rows before the origin {})", e.what(), doing, result.origins[k],
             series.date_format().format(series.dates()[result.origins[k]]));
      }
    };
    TrainingReport report;
    const Forecaster model = at_origin(first, "training on", [&] {
      return Forecaster::train(series.slice(0, result.origins[first]), f, {}, &report);
    });
    for (std::size_t k = first; k < last; ++k)
      done[i].forecasts.push_back(at_origin(k, "forecasting from", [&] {
        return model.forecast(series.slice(0, result.origins[k]), o.horizon, o.levels);
      }));
    done[i].description = model.describe();
    done[i].seconds = report.seconds;
    if (on_trained) {
      const std::lock_guard lock(progress);
      on_trained(++trained, fits);
    }
  });
  std::vector<MethodScores> seeds;
  for (std::size_t s = 0; s < o.seeds; ++s) {
    MethodScores m{.name = fmt::format("elman (seed {})", o.forecaster.seed + s)};
    std::vector<std::string> chosen;
    for (std::size_t i = s * fits_per_seed; i < (s + 1) * fits_per_seed; ++i) {
      std::move(done[i].forecasts.begin(), done[i].forecasts.end(), std::back_inserter(m.forecasts));
      chosen.push_back(done[i].description);
      result.training_seconds.push_back(done[i].seconds);
    }
    m.choices = tally(chosen);
    score(m, values, result.origins, o.horizon, season);
    seeds.push_back(std::move(m));
  }
  if (o.seeds > 1) {
    MethodScores mean{.name = fmt::format("elman (mean of {} seeds)", o.seeds),
                      .description = "metrics averaged over the seeds"};
    for (const auto& m : seeds) {
      const double k = 1.0 / double(seeds.size());
      mean.mae += k * m.mae, mean.rmse += k * m.rmse, mean.mape += k * m.mape, mean.smape += k * m.smape,
          mean.mase += k * m.mase;
      for (const auto& [level, c] : m.coverage) mean.coverage[level] += k * c;
    }
    result.methods.push_back(std::move(mean));
  }
  for (auto& m : seeds) result.methods.push_back(std::move(m));
  const std::vector<std::size_t> hw_seasons =
      holt_winters_seasons(fo.season, series.frequency(), result.origins.front());
  for (const char* name : {"naive", "snaive", "drift", "hw"}) {
    MethodScores m = baseline_scores(name, values, result.origins, o, season, hw_seasons);
    score(m, values, result.origins, o.horizon, season);
    result.methods.push_back(std::move(m));
  }
  result.methods.push_back(best_variant_in_hindsight(values, result.origins, o, season, hw_seasons));
  return result;
}

}  // namespace elman::ts
