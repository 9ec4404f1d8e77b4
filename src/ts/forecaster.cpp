#include "elman/ts/forecaster.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <tuple>

#include "elman/core/error.hpp"
#include "elman/core/parallel.hpp"
#include "elman/train/optimizers.hpp"
#include "elman/ts/metrics.hpp"
#include "forecaster_parts.hpp"
#include "ts/names.hpp"

namespace elman::ts {

namespace {

constexpr detail::Names<Strategy, 2> kStrategyNames{{{Strategy::Direct, "direct"}, {Strategy::Recursive, "recursive"}}};
constexpr detail::Names<Selection, 4> kSelectionNames{{{Selection::Auto, "auto"},
                                                       {Selection::Network, "network"},
                                                       {Selection::HoltWinters, "hw"},
                                                       {Selection::Mean, "mean"}}};
constexpr detail::Names<WindowLevel, 3> kWindowLevelNames{
    {{WindowLevel::None, "none"}, {WindowLevel::All, "all"}, {WindowLevel::Alternate, "alternate"}}};

}  // namespace

std::string to_string(Strategy strategy) { return std::string(detail::name_of(kStrategyNames, strategy)); }

Strategy parse_strategy(std::string_view text) { return detail::value_named(kStrategyNames, text); }

std::string to_string(Selection selection) { return std::string(detail::name_of(kSelectionNames, selection)); }

Selection parse_selection(std::string_view text) { return detail::value_named(kSelectionNames, text); }

std::string to_string(WindowLevel level) { return std::string(detail::name_of(kWindowLevelNames, level)); }

WindowLevel parse_window_level(std::string_view text) { return detail::value_named(kWindowLevelNames, text); }

namespace {

// What each frequency implies: its usual season length (FPP3 table 7.1), the horizon `elman train` forecasts
// when none is given (two years of monthly or quarterly data, else the M4 competition's horizons: its 14 days are
// 10 business days), and a longer season that Holt-Winters also tries where the rows hold two of it (a week of
// hours: docs/accuracy.md, "Calendar inputs for other frequencies"; 0 for none).
struct FrequencyDefaults {
  std::size_t season, horizon, longer_season = 0;
};

FrequencyDefaults defaults_of(Frequency frequency) {
  switch (frequency) {
    case Frequency::Hourly:
      return {24, 48, 168};
    case Frequency::Daily:
      return {7, 14};
    case Frequency::BusinessDaily:
      return {5, 10};
    case Frequency::Weekly:
      return {52, 13};
    case Frequency::Monthly:
      return {12, 24};
    case Frequency::Quarterly:
      return {4, 8};
    case Frequency::Yearly:
      return {1, 6};
    case Frequency::Irregular:
      break;
  }
  return {1, 24};
}

}  // namespace

std::size_t default_horizon(Frequency frequency) { return defaults_of(frequency).horizon; }

std::size_t season_length(Frequency frequency) { return defaults_of(frequency).season; }

std::vector<std::size_t> holt_winters_seasons(std::size_t given, Frequency frequency, std::size_t rows) {
  if (given) return {given};
  const FrequencyDefaults d = defaults_of(frequency);
  std::vector<std::size_t> seasons{d.season};
  if (d.longer_season && rows >= holt_winters_rows(d.longer_season)) seasons.push_back(d.longer_season);
  return seasons;
}

CalendarCovariates calendar_covariates(Frequency frequency) {
  if (frequency == Frequency::Monthly || frequency == Frequency::Weekly) return CalendarCovariates::MonthOfYear;
  if (frequency == Frequency::Hourly) return CalendarCovariates::HourAndWeekday;
  return CalendarCovariates::None;
}

namespace {

// What Forecaster::train needs of its rows, its options resolved (season, validation and transforms set).
struct RowsNeeded {
  std::size_t network;       // a window, the horizon and what the transforms drop
  std::size_t holt_winters;  // two seasons for its initial states
  std::size_t validation;    // held out for the choice
  // Rows to hold out the validation rows for both the network and Holt-Winters.
  std::size_t to_choose() const { return std::max(network, holt_winters) + validation; }
  // Holt-Winters takes fewer rows than two seasons without a season.
  std::size_t least(Selection selection) const {
    switch (selection) {
      case Selection::Network:
        return network;
      case Selection::Mean:
        return std::max(network, holt_winters_rows(1));
      default:  // Holt-Winters; auto keeps it on a series too short to choose on
        return holt_winters_rows(1);
    }
  }
};

RowsNeeded rows_needed(const ForecasterOptions& resolved) {
  return {detail::rows_needed(resolved), holt_winters_rows(resolved.season), resolved.validation};
}

// Season and validation rows from the frequency and horizon where they are 0.
void resolve_season_and_validation(ForecasterOptions& o, Frequency frequency) {
  if (!o.season) o.season = season_length(frequency);
  if (!o.validation) o.validation = 3 * o.horizon;
}

}  // namespace

std::size_t minimum_training_rows(const ForecasterOptions& options, Frequency frequency) {
  ForecasterOptions o = options;
  resolve_season_and_validation(o, frequency);
  if (!o.transforms) o.transforms = std::vector<std::string>{"standard"};  // the defaults drop no rows
  return rows_needed(o).least(o.selection);
}

void ForecasterOptions::validate() const {
  if (hidden < 1 || hidden > 4096) fail("--hidden: expected a hidden size from 1 to 4096, got {}", hidden);
  if (layers < 1 || layers > 16) fail("--layers: expected 1 to 16 layers, got {}", layers);
  if (members < 1 || members > 100) fail("--members: expected 1 to 100 networks, got {}", members);
  if (window < 1 || window > 10000) fail("--window: expected an input window of 1 to 10000 steps, got {}", window);
  if (horizon < 1 || horizon > 10000) fail("--horizon: expected 1 to 10000 steps, got {}", horizon);
  if (stride < 1) fail("--stride: expected at least 1, got {}", stride);
  if (fork_from > window)
    fail("--fork-from: expected 0 (the last step) to the window's {} steps, got {}", window, fork_from);
  if (fork_from > 0 && window_level != WindowLevel::None)
    fail("--fork-from: expected --window-level none (a window's level would reach past the steps a fork reads)");
  if (epochs < 1 || epochs > 100000) fail("--epochs: expected 1 to 100000, got {}", epochs);
  if (batch_size < 1) fail("--batch-size: expected at least 1, got {}", batch_size);
  if (!(learning_rate > 0.0) || !std::isfinite(learning_rate))
    fail("--lr: expected a positive learning rate, got {}", learning_rate);
  if (!(clip_norm >= 0.0) || !std::isfinite(clip_norm)) fail("--clip: expected 0 (off) or more, got {}", clip_norm);
  if (patience < 0) fail("--patience: expected 0 (off) or more epochs, got {}", patience);
  if (threads > 1024) fail("--threads: expected 0 (every core) to 1024, got {}", threads);
  if (transforms)
    for (const auto& kind : *transforms) detail::make_stage(kind, 12);
}

std::vector<std::string> default_transforms(std::span<const double> values) {
  if (std::all_of(values.begin(), values.end(), [](double v) { return v > 0.0; })) return {"log", "standard"};
  return {"standard"};
}

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::vector<double> mean_of(std::span<const double> a, std::span<const double> b) {
  std::vector<double> out(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) out[i] = 0.5 * (a[i] + b[i]);
  return out;
}

// Vincentization: the mean of two forecasters' quantiles at each level.
Forecast average_forecasts(const Forecast& a, const Forecast& b) {
  Forecast out{mean_of(a.mean, b.mean), {}};
  for (std::size_t i = 0; i < a.intervals.size(); ++i)
    out.intervals.push_back({a.intervals[i].level, mean_of(a.intervals[i].lower, b.intervals[i].lower),
                             mean_of(a.intervals[i].upper, b.intervals[i].upper)});
  return out;
}

// The Holt-Winters variant with the lowest MAPE against `actual` (the rows after each origin, pooled), each variant
// fitted once on the rows before `fit_end` and run with those parameters through the rows before each origin;
// returns the pooled forecasts.
std::pair<HoltWintersSpec, std::vector<double>> best_holt_winters_on(std::span<const double> values,
                                                                     std::size_t fit_end,
                                                                     std::span<const std::size_t> origins,
                                                                     std::size_t steps,
                                                                     const std::vector<std::size_t>& seasons,
                                                                     std::span<const double> actual) {
  double best = std::numeric_limits<double>::infinity();
  std::pair<HoltWintersSpec, std::vector<double>> out;
  for (const auto& spec : holt_winters_variants(values.first(fit_end), seasons)) {
    const HoltWintersParams params = HoltWinters::fit(values.first(fit_end), spec).params();
    std::vector<double> fc;
    for (std::size_t origin : origins) {
      const auto mean = HoltWinters(values.first(origin), spec, params).forecast(steps).mean;
      fc.insert(fc.end(), mean.begin(), mean.end());
    }
    const double score = choice_error(actual, fc);
    if (score < best) best = score, out = {spec, fc};
  }
  return out;
}

// The first value <= 0 of `series` where `needs` (a transform that takes the log, a multiplicative season) must have
// positive values: an error naming the file, the date and what to do.
void require_positive(const TimeSeries& series, std::string_view needs, std::string_view instead) {
  const auto values = series.values();
  const auto it = std::find_if(values.begin(), values.end(), [](double v) { return !(v > 0.0); });
  if (it == values.end()) return;
  fail("{}: the value on {} is {}: {} needs positive values; {}", series.source,
       series.date_format().format(series.dates()[std::size_t(it - values.begin())]), *it, needs, instead);
}

bool takes_log(const std::vector<std::string>& transforms) {
  return !transforms.empty() && (transforms.front() == "log" || transforms.front() == "box_cox");
}

}  // namespace

Forecaster Forecaster::train(const TimeSeries& series, const ForecasterOptions& options,
                             const train::EpochCallback& on_epoch, TrainingReport* report) {
  const auto start = Clock::now();
  options.validate();
  series.require_regular("no season or forecast dates can be inferred");
  series.require_forecastable_values();
  Forecaster f;
  f.options_ = options;
  resolve_season_and_validation(f.options_, series.frequency());
  f.options_.calendar = options.calendar.value_or(calendar_covariates(series.frequency()));
  f.options_.transforms = options.transforms ? *options.transforms : default_transforms(series.values());
  f.value_name_ = series.value_name();
  f.read_with_ = series.read_with;
  f.read_with_.value_columns = {series.value_name()};
  f.frequency_ = series.frequency();
  const auto& format = series.date_format();
  f.training_range_ = fmt::format("{} to {} ({} rows)", format.format(series.dates().front()),
                                  format.format(series.dates().back()), series.size());
  const ForecasterOptions& o = f.options_;
  const std::span<const double> values = series.values();
  const std::span<const TimePoint> dates = series.dates();
  const std::size_t n = values.size();
  const std::size_t v = o.validation;
  const RowsNeeded need = rows_needed(o);
  const std::size_t needed = need.network, hw_rows = need.holt_winters;
  const bool hw_possible = n >= hw_rows;

  TrainingReport local;
  TrainingReport& r = report ? *report : local;
  r = TrainingReport{};
  r.validation_rows = v;

  const bool validate_network = n >= needed + v;
  const bool hw_validatable = n >= hw_rows + v;
  const std::string network_needs =
      fmt::format("the network needs at least {} (a window of {} and a horizon of {}{})", needed, o.window, o.horizon,
                  needed > o.window + o.horizon ? " plus the rows the differencing drops" : "");
  // --selection auto where the rows are too few to hold out the validation rows: Holt-Winters, its variant chosen by
  // AICc on every row (on short series it forecasts better than a network on a few dozen windows: docs/accuracy.md),
  // without a season where the rows are fewer than two seasons (as R's ets does).
  Selection selection = options.selection;
  const bool too_few_to_choose = selection == Selection::Auto && n < need.to_choose();
  const std::size_t hw_least = holt_winters_rows(1);
  if (too_few_to_choose) {
    if (n < hw_least)
      fail("{}: {} rows are too few: {}, Holt-Winters {} (without a season)", series.source, n, network_needs,
           hw_least);
    selection = Selection::HoltWinters;
    r.note = fmt::format(
        "by AICc: {} rows are too few to check the network against Holt-Winters on the last {} ({} needed; "
        "--selection network trains the network anyway){}",
        n, v, need.to_choose(), hw_possible ? "" : fmt::format(", and for a season of {} (two needed)", o.season));
  }
  r.chosen = selection;
  if (selection != Selection::HoltWinters && n < needed)
    fail("{}: {} rows are too few: {}", series.source, n, network_needs);
  if (selection != Selection::Network && n < hw_least)
    fail("{}: {} rows are too few: Holt-Winters needs at least {} (without a season)", series.source, n, hw_least);
  if (selection != Selection::Network && !hw_possible && !too_few_to_choose)
    r.note = fmt::format("as {} rows are fewer than two seasons of {}", n, o.season);
  if (selection != Selection::HoltWinters && takes_log(*f.options_.transforms))
    require_positive(series, fmt::format("the {} transform", f.options_.transforms->front()),
                     "leave out --transform (the default takes the log only of a positive series) or give "
                     "--transform standard");

  // The validation run: a network and every Holt-Winters variant fitted on all rows but the last v, then
  // forecasting from several origins within them with those fits (the network reading the newer rows as inputs,
  // Holt-Winters updating its states with its fitted smoothing parameters), errors pooled over the origins.
  double inflation = 1.0;
  const std::size_t steps = std::min(o.horizon, v);
  std::vector<std::size_t> origins;  // none where neither can be validated (n - v would wrap below v rows)
  if (validate_network || hw_validatable)
    for (std::size_t origin = n - v; origin + steps <= n; origin += std::max<std::size_t>(1, steps / 4))
      origins.push_back(origin);
  std::vector<double> actual;
  for (std::size_t origin : origins)
    actual.insert(actual.end(), values.begin() + std::ptrdiff_t(origin),
                  values.begin() + std::ptrdiff_t(origin + steps));
  // The networks: one network judged on the validation rows, trained on the rows before them (one is enough to
  // judge the configuration and the in-sample optimism of its residuals), and the final ensemble, trained on every
  // row. On one thread the final one waits for the choice, which may not need it; with more, all train side by side.
  const bool want_network = selection != Selection::HoltWinters;
  const bool validate = want_network && validate_network;
  const bool final_now =
      want_network && (selection != Selection::Auto || (o.threads ? o.threads : usable_cores()) > 1);
  std::vector<detail::TrainingRows> rows;
  if (validate) rows.push_back({values.first(n - v), dates.first(n - v), 1});
  if (final_now) rows.push_back({values, dates, o.members});
  std::vector<detail::TrainedNetwork> trained =
      rows.empty() ? std::vector<detail::TrainedNetwork>{} : detail::train_networks(o, rows, on_epoch);

  std::vector<double> net_fc;
  if (validate) {
    const detail::TrainedNetwork& part = trained.front();
    for (std::size_t origin : origins) {
      const auto fc = detail::network_forecast(part.networks, part.pipeline, o, values.first(origin),
                                               dates.first(origin), series.frequency(), steps);
      net_fc.insert(net_fc.end(), fc.mean.begin(), fc.mean.end());
    }
    inflation = detail::interval_inflation(part.networks, part.pipeline, o, values, dates, series.frequency(), n - v,
                                           origins, steps);
    r.candidates.push_back({"network", detail::describe_network(o), choice_error(actual, net_fc)});
  }
  if (selection != Selection::Network) {
    std::vector<double> hw_fc;
    if (hw_validatable && !too_few_to_choose)
      std::tie(f.hw_spec_, hw_fc) = best_holt_winters_on(
          values, n - v, origins, steps, holt_winters_seasons(options.season, series.frequency(), n - v), actual);
    else
      f.hw_spec_ = fit_best_holt_winters(values, holt_winters_seasons(options.season, series.frequency(), n)).spec();
    if (!hw_fc.empty()) {
      r.candidates.push_back({"hw", ts::describe(f.hw_spec_), choice_error(actual, hw_fc)});
      if (!net_fc.empty())
        r.candidates.push_back({"mean", "mean of the network and " + ts::describe(f.hw_spec_),
                                choice_error(actual, mean_of(net_fc, hw_fc))});
    }
  }
  if (selection == Selection::Auto) {
    const auto best = std::min_element(r.candidates.begin(), r.candidates.end(),
                                       [](const auto& a, const auto& b) { return a.error < b.error; });
    r.chosen = parse_selection(best->name);
  }
  if (!r.candidates.empty()) r.error_name = choice_error_name(actual);
  f.selection_ = r.chosen;
  r.interval_inflation = inflation;

  if (f.selection_ != Selection::HoltWinters) {
    if (!final_now) {
      const detail::TrainingRows all{values, dates, o.members};
      trained = detail::train_networks(o, std::span(&all, 1), on_epoch);
    }
    detail::TrainedNetwork& model = trained.back();
    const train::FitResult& fit = model.fit;
    f.residual_scale_ = detail::residual_scale(model.networks, model.pipeline, o, values, dates, series.frequency());
    f.pipeline_ = std::move(model.pipeline);
    for (double& s : f.residual_scale_) s *= inflation;
    const std::size_t windows = detail::window_count(o, n);
    r.held_windows = detail::early_stopping_windows(o, windows);
    r.windows = windows - r.held_windows;
    r.epochs_run = fit.epochs_run;
    r.kept_epoch = fit.best_epoch;  // 0 without early stopping
    const std::int64_t kept = r.kept_epoch > 0 ? r.kept_epoch : fit.epochs_run;
    r.final_loss = kept > 0 ? fit.history[std::size_t(kept - 1)].train_loss : 0.0;
    f.networks_ = std::move(model.networks);
  }
  r.seconds = seconds_since(start);
  return f;
}

Forecast Forecaster::forecast(const TimeSeries& history, std::size_t horizon, std::span<const double> levels) const {
  if (horizon < 1) fail("--horizon: expected at least 1 step, got {}", horizon);
  if (history.value_name() != value_name_)
    fail("{}: the model was trained on column '{}', the series read is '{}': expected the same column (--value-col)",
         history.source, value_name_, history.value_name());
  if (history.frequency() != frequency_)
    fail("{}: the model was trained on {} data, the series is {}: expected the same frequency", history.source,
         ts::to_string(frequency_), ts::to_string(history.frequency()));
  history.require_forecastable_values();
  const std::span<const double> values = history.values();
  const std::size_t n = values.size();
  const ForecasterOptions& o = options_;
  Forecast net, hw;
  if (selection_ != Selection::HoltWinters && takes_log(*o.transforms))
    require_positive(history, fmt::format("the model's {} transform", o.transforms->front()),
                     "train a model with --transform standard for such a series");
  if (selection_ != Selection::Network && hw_spec_.season == SeasonKind::Multiplicative)
    require_positive(history, "the model's multiplicative season (Holt-Winters)",
                     "train the model again on this history");
  if (selection_ != Selection::HoltWinters) {
    const std::size_t needed = o.window + pipeline_.history_needed();
    if (n < needed) fail("{}: {} rows are too few to forecast: the model reads the last {}", history.source, n, needed);
    net = detail::network_forecast(networks_, pipeline_, o, values, history.dates(), frequency_, horizon, levels,
                                   residual_scale_);
    if (selection_ == Selection::Network) return net;
  }
  const std::size_t hw_needed = holt_winters_rows(hw_spec_.season == SeasonKind::None ? 1 : hw_spec_.period);
  if (n < hw_needed)
    fail("{}: {} rows are too few to forecast with Holt-Winters: expected at least {}", history.source, n, hw_needed);
  hw = HoltWinters::fit(values, hw_spec_).forecast(horizon, levels, o.seed);
  if (selection_ == Selection::HoltWinters) return hw;
  return average_forecasts(net, hw);
}

std::string Forecaster::describe() const {
  const std::string network = networks_.empty() ? "" : detail::describe_network(options_);
  switch (selection_) {
    case Selection::HoltWinters:
      return ts::describe(hw_spec_);
    case Selection::Mean:
      return "mean of " + network + " and " + ts::describe(hw_spec_);
    default:
      return network;
  }
}

}  // namespace elman::ts
