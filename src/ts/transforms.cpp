#include "elman/ts/transforms.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include "elman/core/error.hpp"

namespace elman::ts {
namespace {

// fmt's default for a double is the shortest text that parses back to the same value.
std::string number_text(double value) { return fmt::format("{}", value); }

const std::string& entry(const TransformParams& params, const std::string& key) {
  const auto found = params.find(key);
  if (found == params.end()) fail("transform parameters: expected an entry '{}', found none", key);
  return found->second;
}

double number_entry(const TransformParams& params, const std::string& key) {
  const std::string& text = entry(params, key);
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    fail("transform parameters: expected a number for '{}', got '{}'", key, text);
  return value;
}

std::size_t count_entry(const TransformParams& params, const std::string& key) {
  const std::string& text = entry(params, key);
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    fail("transform parameters: expected a non-negative integer for '{}', got '{}'", key, text);
  return value;
}

void require_fitted(bool fitted, std::string_view kind) {
  if (!fitted) fail("{} transform: used before fit() or set()", kind);
}

void require_training(std::span<const double> training, std::string_view kind) {
  if (training.empty()) fail("{} transform: expected training values to fit on, got none", kind);
}

void require_positive(std::span<const double> values, std::string_view kind) {
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!(values[i] > 0.0))
      fail("{} transform: expected positive values, got {} at index {}", kind, values[i], i);
}

template <typename F>
std::vector<double> map_values(std::span<const double> values, F f) {
  std::vector<double> out(values.size());
  std::transform(values.begin(), values.end(), out.begin(), f);
  return out;
}

double box_cox(double x, double lambda) { return lambda == 0.0 ? std::log(x) : std::expm1(lambda * std::log(x)) / lambda; }
double box_cox_inverse(double y, double lambda) {
  return lambda == 0.0 ? std::exp(y) : std::exp(std::log1p(lambda * y) / lambda);
}

// Profile log-likelihood of lambda for normal errors on the transformed scale (Box & Cox 1964, eq. 8;
// scipy.stats.boxcox_llf): -n/2 log(sigma^2) + (lambda - 1) sum log x, sigma^2 the ddof-0 variance.
double box_cox_log_likelihood(std::span<const double> x, double lambda) {
  const auto y = map_values(x, [lambda](double v) { return box_cox(v, lambda); });
  const double n = double(y.size());
  const double mean = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double ss = 0.0;
  for (double v : y) ss += (v - mean) * (v - mean);
  double log_sum = 0.0;
  for (double v : x) log_sum += std::log(v);
  return -n / 2.0 * std::log(ss / n) + (lambda - 1.0) * log_sum;
}

// Golden-section search for the maximum of a unimodal f on [low, high].
template <typename F>
double golden_section_max(F f, double low, double high, double tolerance) {
  const double ratio = (std::sqrt(5.0) - 1.0) / 2.0;
  double a = low, b = high;
  double c = b - ratio * (b - a), d = a + ratio * (b - a);
  double fc = f(c), fd = f(d);
  while (b - a > tolerance) {
    if (fc > fd) {
      b = d, d = c, fd = fc;
      c = b - ratio * (b - a), fc = f(c);
    } else {
      a = c, c = d, fc = fd;
      d = a + ratio * (b - a), fd = f(d);
    }
  }
  return (a + b) / 2.0;
}

}  // namespace

void LogTransform::fit(std::span<const double> training) { require_positive(training, "log"); }

std::vector<double> LogTransform::apply(std::span<const double> values) const {
  require_positive(values, "log");
  return map_values(values, [](double v) { return std::log(v); });
}

std::vector<double> LogTransform::invert(std::span<const double> values, std::span<const double>) const {
  return map_values(values, [](double v) { return std::exp(v); });
}

void BoxCoxTransform::fit(std::span<const double> training) {
  require_training(training, "box_cox");
  require_positive(training, "box_cox");
  if (lambda_) return;
  if (training.size() < 2) fail("box_cox transform: expected at least 2 training values to fit lambda, got 1");
  lambda_ = golden_section_max([&](double l) { return box_cox_log_likelihood(training, l); }, -2.0, 2.0, 1e-10);
}

double BoxCoxTransform::lambda() const {
  require_fitted(lambda_.has_value(), "box_cox");
  return *lambda_;
}

std::vector<double> BoxCoxTransform::apply(std::span<const double> values) const {
  require_positive(values, "box_cox");
  const double l = lambda();
  return map_values(values, [l](double v) { return box_cox(v, l); });
}

std::vector<double> BoxCoxTransform::invert(std::span<const double> values, std::span<const double>) const {
  const double l = lambda();
  return map_values(values, [l](double v) { return box_cox_inverse(v, l); });
}

TransformParams BoxCoxTransform::params() const { return {{"kind", kind()}, {"lambda", number_text(lambda())}}; }

DifferenceTransform::DifferenceTransform(std::size_t lag) : lag_(lag) {
  if (lag == 0) fail("difference transform: expected a lag of at least 1, got 0");
}

void DifferenceTransform::fit(std::span<const double> training) {
  if (training.size() <= lag_)
    fail("difference transform: expected more than {} training values for lag {}, got {}", lag_, lag_,
         training.size());
}

std::vector<double> DifferenceTransform::apply(std::span<const double> values) const {
  if (values.size() <= lag_) return {};
  std::vector<double> out(values.size() - lag_);
  for (std::size_t t = 0; t < out.size(); ++t) out[t] = values[t + lag_] - values[t];
  return out;
}

std::vector<double> DifferenceTransform::invert(std::span<const double> values,
                                                std::span<const double> history) const {
  if (history.size() < lag_)
    fail("difference transform: expected at least {} history values before the first value to invert lag {}, got {}",
         lag_, lag_, history.size());
  // past holds x_{t-lag} .. x_{t-1} for the next t: the tail of history, then the inverted values.
  std::vector<double> past(history.end() - std::ptrdiff_t(lag_), history.end());
  std::vector<double> out(values.size());
  for (std::size_t t = 0; t < values.size(); ++t) {
    out[t] = values[t] + (t < lag_ ? past[t] : out[t - lag_]);
  }
  return out;
}

TransformParams DifferenceTransform::params() const { return {{"kind", kind()}, {"lag", std::to_string(lag_)}}; }

void StandardScaler::fit(std::span<const double> training) {
  require_training(training, "standard");
  const double n = double(training.size());
  const double mean = std::accumulate(training.begin(), training.end(), 0.0) / n;
  double ss = 0.0;
  for (double v : training) ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(ss / n);
  set(mean, sd <= 1e-10 * std::abs(mean) || sd == 0.0 ? 1.0 : sd);
}

void StandardScaler::set(double mean, double sd) {
  if (!(sd > 0.0) || !std::isfinite(sd) || !std::isfinite(mean))
    fail("standard transform: expected a finite mean and a positive standard deviation, got mean {} and sd {}", mean,
         sd);
  mean_ = mean, sd_ = sd, fitted_ = true;
}

std::vector<double> StandardScaler::apply(std::span<const double> values) const {
  require_fitted(fitted_, "standard");
  return map_values(values, [this](double v) { return (v - mean_) / sd_; });
}

std::vector<double> StandardScaler::invert(std::span<const double> values, std::span<const double>) const {
  require_fitted(fitted_, "standard");
  return map_values(values, [this](double v) { return v * sd_ + mean_; });
}

TransformParams StandardScaler::params() const {
  require_fitted(fitted_, "standard");
  return {{"kind", kind()}, {"mean", number_text(mean_)}, {"sd", number_text(sd_)}};
}

void MinMaxScaler::fit(std::span<const double> training) {
  require_training(training, "min_max");
  const auto [low, high] = std::minmax_element(training.begin(), training.end());
  set(*low, *high == *low ? *low + 1.0 : *high);
}

void MinMaxScaler::set(double min, double max) {
  if (!(max > min) || !std::isfinite(min) || !std::isfinite(max))
    fail("min_max transform: expected finite min < max, got min {} and max {}", min, max);
  min_ = min, max_ = max, fitted_ = true;
}

std::vector<double> MinMaxScaler::apply(std::span<const double> values) const {
  require_fitted(fitted_, "min_max");
  return map_values(values, [this](double v) { return (v - min_) / (max_ - min_); });
}

std::vector<double> MinMaxScaler::invert(std::span<const double> values, std::span<const double>) const {
  require_fitted(fitted_, "min_max");
  return map_values(values, [this](double v) { return v * (max_ - min_) + min_; });
}

TransformParams MinMaxScaler::params() const {
  require_fitted(fitted_, "min_max");
  return {{"kind", kind()}, {"min", number_text(min_)}, {"max", number_text(max_)}};
}

std::unique_ptr<Transform> make_transform(const TransformParams& params) {
  const std::string& kind = entry(params, "kind");
  if (kind == "log") return std::make_unique<LogTransform>();
  if (kind == "box_cox") return std::make_unique<BoxCoxTransform>(number_entry(params, "lambda"));
  if (kind == "difference") return std::make_unique<DifferenceTransform>(count_entry(params, "lag"));
  if (kind == "standard") {
    auto scaler = std::make_unique<StandardScaler>();
    scaler->set(number_entry(params, "mean"), number_entry(params, "sd"));
    return scaler;
  }
  if (kind == "min_max") {
    auto scaler = std::make_unique<MinMaxScaler>();
    scaler->set(number_entry(params, "min"), number_entry(params, "max"));
    return scaler;
  }
  fail("transform parameters: expected kind log, box_cox, difference, standard or min_max, got '{}'", kind);
}

Pipeline::Pipeline(const Pipeline& other) {
  for (const auto& stage : other.stages_) stages_.push_back(stage->clone());
}

Pipeline& Pipeline::operator=(const Pipeline& other) {
  if (this != &other) *this = Pipeline(other);
  return *this;
}

Pipeline& Pipeline::add(std::unique_ptr<Transform> transform) {
  if (!transform) fail("pipeline: expected a transform, got none");
  stages_.push_back(std::move(transform));
  return *this;
}

std::vector<double> Pipeline::fit_apply(std::span<const double> training) {
  std::vector<double> values(training.begin(), training.end());
  for (auto& stage : stages_) {
    stage->fit(values);
    values = stage->apply(values);
  }
  return values;
}

std::vector<double> Pipeline::apply(std::span<const double> values) const {
  std::vector<double> out(values.begin(), values.end());
  for (const auto& stage : stages_) out = stage->apply(out);
  return out;
}

std::vector<double> Pipeline::invert(std::span<const double> values, std::span<const double> history) const {
  if (history.size() < history_needed())
    fail("pipeline: expected at least {} history values before the first value to invert, got {}",
         history_needed(), history.size());
  // histories[k] is the history as stage k sees it (the output of the stages before it).
  std::vector<std::vector<double>> histories{std::vector<double>(history.begin(), history.end())};
  for (std::size_t k = 0; k + 1 < stages_.size(); ++k) histories.push_back(stages_[k]->apply(histories.back()));
  std::vector<double> out(values.begin(), values.end());
  for (std::size_t k = stages_.size(); k-- > 0;) out = stages_[k]->invert(out, histories[k]);
  return out;
}

std::size_t Pipeline::history_needed() const {
  std::size_t needed = 0;
  for (const auto& stage : stages_) needed += stage->history_needed();
  return needed;
}

TransformParams Pipeline::params(const std::string& prefix) const {
  TransformParams out{{prefix + ".count", std::to_string(stages_.size())}};
  for (std::size_t i = 0; i < stages_.size(); ++i)
    for (const auto& [key, value] : stages_[i]->params()) out[fmt::format("{}.{}.{}", prefix, i, key)] = value;
  return out;
}

Pipeline Pipeline::from_params(const TransformParams& params, const std::string& prefix) {
  Pipeline pipeline;
  const std::size_t count = count_entry(params, prefix + ".count");
  for (std::size_t i = 0; i < count; ++i) {
    const std::string stage_prefix = fmt::format("{}.{}.", prefix, i);
    TransformParams stage;
    for (auto it = params.lower_bound(stage_prefix); it != params.end() && it->first.starts_with(stage_prefix); ++it)
      stage[it->first.substr(stage_prefix.size())] = it->second;
    if (stage.empty()) fail("transform parameters: expected entries '{}*' for stage {} of {}, found none", stage_prefix, i, count);
    pipeline.add(make_transform(stage));
  }
  return pipeline;
}

}  // namespace elman::ts
