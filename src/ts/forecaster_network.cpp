#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>
#include <mutex>
#include <optional>

#include "elman/core/error.hpp"
#include "elman/core/parallel.hpp"
#include "elman/train/optimizers.hpp"
#include "elman/train/schedules.hpp"
#include "forecaster_parts.hpp"

namespace elman::ts::detail {
namespace {

CalendarCovariates calendar_of(const ForecasterOptions& o) { return o.calendar.value_or(CalendarCovariates::None); }

std::size_t features(const ForecasterOptions& o) { return 1 + calendar_width(calendar_of(o)); }

bool reads_level(const ForecasterOptions& o, std::size_t member) {
  return o.window_level == WindowLevel::All || (o.window_level == WindowLevel::Alternate && member % 2 == 1);
}

// How many of the first `members` members read the window's level.
std::size_t level_readers(const ForecasterOptions& o, std::size_t members) {
  std::size_t count = 0;
  for (std::size_t m = 0; m < members; ++m) count += reads_level(o, m);
  return count;
}

// A window's level: the mean of its last season of values (at most the window), in the transformed scale.
double window_level(const ForecasterOptions& o, std::span<const double> window) {
  const std::size_t length = std::clamp<std::size_t>(o.season, 1, window.size());
  double sum = 0.0;
  for (double v : window.last(length)) sum += v;
  return sum / double(length);
}

std::size_t head_width(const ForecasterOptions& o) { return o.strategy == Strategy::Direct ? o.horizon : 1; }

WindowOptions window_options(const ForecasterOptions& o) {
  return {.input = o.window,
          .horizon = head_width(o),
          .stride = o.stride,
          .target = o.strategy == Strategy::Direct ? TargetKind::Direct : TargetKind::NextValue,
          .fork_from = o.fork_from,
          .calendar = calendar_of(o)};
}

// The calendar inputs of every row from 0 to `count` - 1, continuing past the last date by the series' frequency:
// (count, calendar_width).
std::vector<double> calendar_through(const ForecasterOptions& o, std::span<const TimePoint> dates,
                                     Frequency frequency, std::size_t count) {
  if (calendar_of(o) == CalendarCovariates::None) return {};
  std::vector<TimePoint> all(dates.begin(), dates.begin() + std::ptrdiff_t(std::min(count, dates.size())));
  while (all.size() < count) all.push_back(advance(dates.back(), frequency, int(all.size() - dates.size() + 1)));
  return calendar_one_hot(all, calendar_of(o));
}

// The next `steps` transformed values after each origin (the index of the first value predicted; origin >= W),
// the origins in one batch: a direct head emits up to H values per pass, a recursive one 1; further passes read
// their own predictions back as inputs. `calendar`: calendar_through every row the paths reach.
std::vector<std::vector<double>> predict_batch(const Ensemble& networks, const ForecasterOptions& o,
                                               std::span<const double> z, std::span<const double> calendar,
                                               std::span<const std::size_t> origins, std::size_t steps) {
  const std::size_t w = o.window, f = features(o), batch = origins.size();
  std::vector<std::vector<double>> paths(batch);
  for (std::size_t b = 0; b < batch; ++b)
    paths[b].assign(z.begin() + std::ptrdiff_t(origins[b] - w), z.begin() + std::ptrdiff_t(origins[b]));
  nn::SequenceModelCache<float> cache;
  for (std::size_t produced = 0; produced < steps;) {
    Tensor<float> input({std::int64_t(w), std::int64_t(batch), std::int64_t(f)}, 0.0f);  // time-major
    float* x = input.data();
    for (std::size_t b = 0; b < batch; ++b)
      for (std::size_t t = 0; t < w; ++t) {
        float* row = x + (t * batch + b) * f;
        row[0] = float(paths[b][produced + t]);
        const double* dated = calendar.data() + (origins[b] - w + produced + t) * (f - 1);
        for (std::size_t c = 1; c < f; ++c) row[c] = float(dated[c - 1]);
      }
    std::vector<double> level(batch, 0.0);
    Tensor<float> relative;
    if (level_readers(o, networks.size()) > 0) {
      for (std::size_t b = 0; b < batch; ++b) level[b] = window_level(o, std::span(paths[b]).subspan(produced, w));
      relative = input;
      for (std::size_t b = 0; b < batch; ++b)
        for (std::size_t t = 0; t < w; ++t) relative.data()[(t * batch + b) * f] -= float(level[b]);
    }
    std::vector<double> mean;
    std::size_t k = 0;
    for (std::size_t m = 0; m < networks.size(); ++m) {
      const bool relative_to_level = reads_level(o, m);
      const Tensor<float> out = networks[m].forward(relative_to_level ? relative : input, cache, false);
      k = std::size_t(out.size(1));
      mean.resize(batch * k, 0.0);
      for (std::size_t b = 0; b < batch; ++b)
        for (std::size_t j = 0; j < k; ++j)
          mean[b * k + j] +=
              (double(out.data()[b * k + j]) + (relative_to_level ? level[b] : 0.0)) / double(networks.size());
    }
    const std::size_t take = std::min(k, steps - produced);
    for (std::size_t b = 0; b < batch; ++b)
      for (std::size_t j = 0; j < take; ++j) paths[b].push_back(mean[b * k + j]);
    produced += take;
  }
  for (auto& path : paths) path.erase(path.begin(), path.begin() + std::ptrdiff_t(w));
  return paths;
}

// predict_batch over every origin, at most kOriginsPerBatch at a time: a forward pass keeps every step's gates for its
// whole batch, which for every origin of a long hourly series would take hundreds of MiB. Each path depends only on
// its own origin.
constexpr std::size_t kOriginsPerBatch = 2048;

std::vector<std::vector<double>> predict_paths(const Ensemble& networks, const ForecasterOptions& o,
                                               std::span<const double> z, std::span<const TimePoint> zdates,
                                               Frequency frequency, std::span<const std::size_t> origins,
                                               std::size_t steps) {
  const std::size_t last = *std::max_element(origins.begin(), origins.end());
  const std::vector<double> calendar = calendar_through(o, zdates, frequency, last + steps);
  std::vector<std::vector<double>> paths;
  for (std::size_t begin = 0; begin < origins.size(); begin += kOriginsPerBatch) {
    auto batch = predict_batch(networks, o, z, calendar,
                               origins.subspan(begin, std::min(kOriginsPerBatch, origins.size() - begin)), steps);
    std::move(batch.begin(), batch.end(), std::back_inserter(paths));
  }
  return paths;
}

double scale_at(std::span<const double> scale, std::size_t step) {
  if (step < scale.size()) return scale[step];
  return scale.back() * std::sqrt(double(step + 1) / double(scale.size()));
}

// Windows [first, first + count) as training pairs; forking targets are (count, target steps, head width), as the
// network trains with the head on every one of those steps.
train::Dataset<float> to_dataset(const ForecasterOptions& o, const Windows& w, std::size_t first, std::size_t count) {
  const std::size_t in = w.input_length * w.features, out = w.targets_per_window;
  train::Dataset<float> data{
      Tensor<float>({std::int64_t(count), std::int64_t(w.input_length), std::int64_t(w.features)}),
      o.fork_from > 0
          ? Tensor<float>({std::int64_t(count), std::int64_t(w.target_steps), std::int64_t(out / w.target_steps)})
          : Tensor<float>({std::int64_t(count), std::int64_t(out)})};
  std::transform(w.inputs.begin() + std::ptrdiff_t(first * in), w.inputs.begin() + std::ptrdiff_t((first + count) * in),
                 data.inputs.data(), [](double v) { return float(v); });
  std::transform(w.targets.begin() + std::ptrdiff_t(first * out),
                 w.targets.begin() + std::ptrdiff_t((first + count) * out), data.targets.data(),
                 [](double v) { return float(v); });
  return data;
}

// The same windows relative to each one's level: taken from the value inputs and the targets.
train::Dataset<float> relative_to_level(const ForecasterOptions& o, const train::Dataset<float>& data) {
  train::Dataset<float> out = data;
  if (data.size() == 0) return out;
  const std::size_t n = std::size_t(data.size()), w = std::size_t(data.inputs.size(1)),
                    f = std::size_t(data.inputs.size(2)), k = std::size_t(data.targets.size(1));
  std::vector<double> window(w);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t t = 0; t < w; ++t) window[t] = data.inputs.data()[(i * w + t) * f];
    const double level = window_level(o, window);
    for (std::size_t t = 0; t < w; ++t) out.inputs.data()[(i * w + t) * f] -= float(level);
    for (std::size_t j = 0; j < k; ++j) out.targets.data()[i * k + j] -= float(level);
  }
  return out;
}

// What the networks train as: network_config, with the head on every step from o.fork_from on where that is set.
nn::SequenceModelConfig training_config(const ForecasterOptions& o) {
  nn::SequenceModelConfig config = network_config(o);
  config.every_step = o.fork_from > 0;
  config.first_step = o.fork_from > 0 ? std::int64_t(o.fork_from) - 1 : 0;
  return config;
}

}  // namespace

std::unique_ptr<Transform> make_stage(const std::string& kind, std::size_t season) {
  if (kind == "log") return std::make_unique<LogTransform>();
  if (kind == "box_cox") return std::make_unique<BoxCoxTransform>();
  if (kind == "difference") return std::make_unique<DifferenceTransform>(1);
  if (kind == "seasonal_difference") return std::make_unique<DifferenceTransform>(std::max<std::size_t>(season, 1));
  if (kind == "standard") return std::make_unique<StandardScaler>();
  if (kind == "min_max") return std::make_unique<MinMaxScaler>();
  fail("--transform: expected log, box_cox, difference, seasonal_difference, standard or min_max, got '{}'", kind);
}

Pipeline make_pipeline(const ForecasterOptions& o) {
  Pipeline pipeline;
  for (const auto& kind : o.transforms.value()) pipeline.add(make_stage(kind, o.season));
  return pipeline;
}

std::size_t rows_needed(const ForecasterOptions& o) {
  return make_pipeline(o).history_needed() + o.window + head_width(o);
}

std::size_t window_count(const ForecasterOptions& o, std::size_t rows) {
  const std::size_t needed = rows_needed(o);
  return rows < needed ? 0 : (rows - needed) / o.stride + 1;
}

std::size_t early_stopping_windows(const ForecasterOptions& o, std::size_t windows) {
  if (o.patience <= 0 || windows == 0) return 0;
  return std::min(windows - 1, (o.validation + o.stride - 1) / o.stride);
}

std::string describe_network(const ForecasterOptions& o) {
  const std::size_t relative = level_readers(o, std::size_t(o.members));
  return fmt::format("{}{} {}{} (window {}, {}{}{})", o.members > 1 ? fmt::format("{} x ", o.members) : "",
                     nn::mode_name(o.cell), o.hidden, o.layers > 1 ? fmt::format(" x {} layers", o.layers) : "",
                     o.window,
                     o.strategy == Strategy::Direct ? fmt::format("direct {}-step head", o.horizon) : "recursive",
                     o.fork_from > 0 ? fmt::format(", forking from step {}", o.fork_from) : "",
                     relative == 0 ? ""
                     : relative == std::size_t(o.members)
                         ? ", relative to the window's level"
                         : fmt::format(", {} of {} relative to the window's level", relative, o.members));
}

nn::SequenceModelConfig network_config(const ForecasterOptions& o) {
  nn::SequenceModelConfig config;
  config.rnn = {.mode = o.cell,
                .input_size = std::int64_t(features(o)),
                .hidden_size = o.hidden,
                .num_layers = o.layers,
                .batch_first = false};  // time-major (T, N, F): the recurrent driver's own layout, used in place
  config.output_size = std::int64_t(head_width(o));
  return config;
}

std::vector<TrainedNetwork> train_networks(const ForecasterOptions& o, std::span<const TrainingRows> rows,
                                           const train::EpochCallback& on_epoch) {
  struct Data {
    train::Dataset<float> training, validation;
  };
  struct JobData {
    Data plain, relative;  // relative: to each window's level, for the members that read it (else empty)
  };
  std::vector<TrainedNetwork> out;
  std::vector<JobData> data;
  for (const TrainingRows& r : rows) {
    Pipeline pipeline = make_pipeline(o);
    const std::vector<double> z = pipeline.fit_apply(r.values);
    const auto zdates = r.dates.subspan(pipeline.history_needed());
    const Windows windows = make_windows(z, zdates, window_options(o));
    const std::size_t held = early_stopping_windows(o, windows.count);
    Data plain{to_dataset(o, windows, 0, windows.count - held), to_dataset(o, windows, windows.count - held, held)};
    Data relative;
    if (level_readers(o, std::size_t(r.members)) > 0)
      relative = {relative_to_level(o, plain.training), relative_to_level(o, plain.validation)};
    data.push_back({std::move(plain), std::move(relative)});
    out.push_back(
        {Ensemble(std::size_t(r.members), nn::SequenceModel<float>(network_config(o))), std::move(pipeline), {}});
  }
  // Every (ensemble, member) pair is a task.
  std::vector<std::pair<std::size_t, std::size_t>> tasks;
  for (std::size_t job = 0; job < rows.size(); ++job)
    for (std::size_t member = 0; member < std::size_t(rows[job].members); ++member) tasks.emplace_back(job, member);

  std::mutex progress_mutex;
  std::size_t shown = 0;
  std::vector<std::optional<train::EpochReport>> last_epoch(tasks.size());
  std::vector<bool> finished(tasks.size(), false);
  const auto progress = [&](std::size_t task) {
    return [&, task](const train::EpochReport& report) {
      const std::lock_guard<std::mutex> lock(progress_mutex);
      last_epoch[task] = report;
      return task == shown ? on_epoch(report) : true;
    };
  };
  const auto finish = [&](std::size_t task) {
    const std::lock_guard<std::mutex> lock(progress_mutex);
    finished[task] = true;
    while (shown < tasks.size() && finished[shown])
      if (++shown < tasks.size() && finished[shown] && last_epoch[shown]) on_epoch(*last_epoch[shown]);
  };
  parallel_for(tasks.size(), o.threads, [&](std::size_t task) {
    const auto [job, member] = tasks[task];
    const std::uint64_t seed = o.seed + member;
    nn::SequenceModel<float>& network = out[job].networks[member];
    // Forking trains the same weights with the head on every step from fork_from on; the forecasts read the last.
    std::optional<nn::SequenceModel<float>> forking;
    if (o.fork_from > 0) forking.emplace(training_config(o));
    nn::SequenceModel<float>& trained = forking ? *forking : network;
    trained.reset_parameters(seed);
    train::Adam<float> adam(train::AdamOptions{.lr = o.learning_rate});
    train::TrainOptions options{
        .epochs = o.epochs, .batch_size = o.batch_size, .seed = seed, .clip_norm = o.clip_norm, .patience = o.patience};
    train::Trainer<float> trainer(trained, adam, options);
    train::CosineAnnealingLR cosine(adam, o.epochs);
    if (o.cosine_lr) trainer.set_schedule(&cosine);
    if (on_epoch) trainer.add_callback(progress(task));
    const Data& d = reads_level(o, member) ? data[job].relative : data[job].plain;
    try {
      train::FitResult fit = trainer.fit(d.training, d.validation.size() > 0 ? &d.validation : nullptr);
      if (forking) std::copy(forking->values().begin(), forking->values().end(), network.values().begin());
      if (member + 1 == std::size_t(rows[job].members)) out[job].fit = std::move(fit);
    } catch (...) {
      if (on_epoch) finish(task);
      throw;
    }
    if (on_epoch) finish(task);
  });
  return out;
}

Forecast network_forecast(const Ensemble& networks, const Pipeline& pipeline, const ForecasterOptions& o,
                          std::span<const double> values, std::span<const TimePoint> dates, Frequency frequency,
                          std::size_t horizon, std::span<const double> levels, std::span<const double> residual_scale) {
  const std::vector<double> z = pipeline.apply(values);
  const auto zdates = dates.subspan(pipeline.history_needed());
  const std::size_t origin = z.size();
  const std::vector<double> path =
      predict_paths(networks, o, z, zdates, frequency, std::span<const std::size_t>(&origin, 1), horizon).front();
  Forecast out{pipeline.invert(path, values), {}};
  for (double level : levels) {
    if (!(level > 0.0 && level < 100.0))
      fail("--level: expected a percentage strictly between 0 and 100, got {}", level);
    const double q = normal_quantile(0.5 + level / 200.0);
    std::vector<double> lower(horizon), upper(horizon);
    for (std::size_t h = 0; h < horizon; ++h) {
      const double s = residual_scale.empty() ? 0.0 : scale_at(residual_scale, h);
      lower[h] = path[h] - q * s, upper[h] = path[h] + q * s;
    }
    out.intervals.push_back({level, pipeline.invert(lower, values), pipeline.invert(upper, values)});
  }
  keep_non_negative(values, out);
  return out;
}

std::vector<double> residual_scale(const Ensemble& networks, const Pipeline& pipeline, const ForecasterOptions& o,
                                   std::span<const double> values, std::span<const TimePoint> dates,
                                   Frequency frequency) {
  const std::vector<double> z = pipeline.apply(values);
  const auto zdates = dates.subspan(pipeline.history_needed());
  std::vector<std::size_t> origins;
  for (std::size_t origin = o.window; origin < z.size(); ++origin) origins.push_back(origin);
  const auto paths = predict_paths(networks, o, z, zdates, frequency, origins, o.horizon);
  std::vector<double> sum(o.horizon, 0.0);
  std::vector<std::size_t> count(o.horizon, 0);
  for (std::size_t b = 0; b < origins.size(); ++b)
    for (std::size_t h = 0; h < o.horizon && origins[b] + h < z.size(); ++h) {
      const double e = z[origins[b] + h] - paths[b][h];
      sum[h] += e * e, ++count[h];
    }
  std::vector<double> scale(o.horizon);
  for (std::size_t h = 0; h < o.horizon; ++h)
    scale[h] = count[h] ? std::sqrt(sum[h] / double(count[h])) : scale[h - 1] * std::sqrt(double(h + 1) / double(h));
  return scale;
}

double interval_inflation(const Ensemble& networks, const Pipeline& pipeline, const ForecasterOptions& o,
                          std::span<const double> values, std::span<const TimePoint> dates, Frequency frequency,
                          std::size_t fit_end, std::span<const std::size_t> origins, std::size_t steps) {
  const auto scale = residual_scale(networks, pipeline, o, values.first(fit_end), dates.first(fit_end), frequency);
  const std::vector<double> z = pipeline.apply(values);
  const auto zdates = dates.subspan(pipeline.history_needed());
  std::vector<std::size_t> zorigins;
  for (std::size_t origin : origins) zorigins.push_back(origin - pipeline.history_needed());
  const auto paths = predict_paths(networks, o, z, zdates, frequency, zorigins, steps);
  double sum = 0.0;
  for (std::size_t b = 0; b < zorigins.size(); ++b)
    for (std::size_t h = 0; h < steps; ++h) {
      const double ratio = (z[zorigins[b] + h] - paths[b][h]) / scale_at(scale, h);
      sum += ratio * ratio;
    }
  return std::max(1.0, std::sqrt(sum / double(steps * zorigins.size())));
}

}  // namespace elman::ts::detail
