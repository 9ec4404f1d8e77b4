// Holt-Winters exponential smoothing (declared in baselines.hpp): recursions, least-squares fit with NLopt,
// simulated prediction intervals and the AICc choice between variants.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlopt.hpp>
#include <numeric>
#include <utility>

#include "elman/core/error.hpp"
#include "elman/core/random.hpp"
#include "elman/ts/baselines.hpp"

namespace elman::ts {
namespace {

// Returned by the objective for parameters whose recursions break down (a multiplicative season dividing by a
// non-positive trended level, or overflow); far above any real SSE, yet finite.
constexpr double kPenalty = 1e100;
// Bounded L-BFGS on the exact gradient: about 30 times faster than BOBYQA on the 17 coordinates of a damped
// monthly model already with a numeric gradient, and it reached the same or lower SSE on every fixture.
const nlopt::algorithm kAlgorithm = nlopt::LD_LBFGS;

bool has_trend(const HoltWintersSpec& spec) { return spec.trend != TrendKind::None; }
bool has_season(const HoltWintersSpec& spec) { return spec.season != SeasonKind::None; }
std::size_t period_of(const HoltWintersSpec& spec) { return has_season(spec) ? spec.period : 1; }

// The state after some observations: level, trend and the ring of seasonal states (seasons[t % m] for step t).
struct State {
  double level = 0.0;
  double trend = 0.0;
  std::vector<double> seasons;
};

State initial_state(const HoltWintersSpec& spec, const HoltWintersParams& p) {
  State state{p.level, has_trend(spec) ? p.trend : 0.0, p.seasons};
  if (!has_season(spec)) state.seasons.assign(1, spec.season == SeasonKind::Multiplicative ? 1.0 : 0.0);
  return state;
}

// The parameters, checked to hold m seasonal states where the variant has a season, with those it has not set to
// their neutral values (no trend: beta and b_0 0; not damped: phi 1; no season: gamma 0 and no states).
HoltWintersParams without_unused(const HoltWintersSpec& spec, HoltWintersParams p) {
  if (has_season(spec) && p.seasons.size() != spec.period)
    fail("holt_winters: expected {} initial seasonal states, got {}", spec.period, p.seasons.size());
  if (!has_trend(spec)) p.beta = 0.0, p.trend = 0.0;
  if (spec.trend != TrendKind::Damped) p.phi = 1.0;
  if (!has_season(spec)) p.gamma = 0.0, p.seasons.clear();
  return p;
}

double predict(const HoltWintersSpec& spec, double trended, double season) {
  switch (spec.season) {
    case SeasonKind::Additive: return trended + season;
    case SeasonKind::Multiplicative: return trended * season;
    case SeasonKind::None: break;
  }
  return trended;
}

// One step of the error-correction recursions for observation y at step t; returns the one-step prediction.
double step(const HoltWintersSpec& spec, const HoltWintersParams& p, State& state, std::size_t t, double y) {
  double& season = state.seasons[t % state.seasons.size()];
  const double trended = state.level + p.phi * state.trend;
  const double prediction = predict(spec, trended, season);
  const bool multiplicative = spec.season == SeasonKind::Multiplicative;
  const double deseasoned = !has_season(spec) ? y : multiplicative ? y / season : y - season;
  const double level = p.alpha * deseasoned + (1.0 - p.alpha) * trended;
  if (has_trend(spec)) state.trend = p.beta * (level - state.level) + (1.0 - p.beta) * p.phi * state.trend;
  if (has_season(spec))
    season = p.gamma * (multiplicative ? y / trended : y - trended) + (1.0 - p.gamma) * season;
  state.level = level;
  return prediction;
}

void check_training(std::span<const double> y, const HoltWintersSpec& spec) {
  if (has_season(spec) && spec.period < 2)
    fail("holt_winters: expected a season period of at least 2, got {}", spec.period);
  const std::size_t needed = holt_winters_rows(has_season(spec) ? spec.period : 1);
  if (y.size() < needed)
    fail("holt_winters: expected at least {} training values{}, got {}", needed,
         has_season(spec) ? fmt::format(" (2 seasons of {})", spec.period) : "", y.size());
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (!std::isfinite(y[i])) fail("holt_winters: expected finite training values, got {} at index {}", y[i], i);
    if (spec.season == SeasonKind::Multiplicative && !(y[i] > 0.0))
      fail("holt_winters: a multiplicative season needs positive values, got {} at index {}", y[i], i);
  }
}

double mean_of(std::span<const double> values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
}

// Heuristic starting states (FPP3 / Hyndman et al. 2008, section 2.6.1, simplified): the level is the first
// season's mean, the trend the change between the first two seasons' means per step, the seasonal states the
// first season's deviations from (or ratios to) its mean.
HoltWintersParams starting_states(std::span<const double> y, const HoltWintersSpec& spec) {
  const std::size_t m = has_season(spec) ? spec.period : 2;
  HoltWintersParams p;
  const double first = mean_of(y.first(m));
  const double second = mean_of(y.subspan(m, m));
  p.level = first;
  p.trend = has_trend(spec) ? (second - first) / double(m) : 0.0;
  if (has_season(spec))
    for (std::size_t j = 0; j < m; ++j)
      p.seasons.push_back(spec.season == SeasonKind::Multiplicative ? y[j] / first : y[j] - first);
  return p;
}

// The optimiser's vector: smoothing parameters, then the states divided by the data's scale (so every
// coordinate is of order 1), with the first m - 1 seasonal states; the last follows from their fixed sum
// (0 additive, m multiplicative), which removes the one direction in which the SSE is exactly flat. gamma is
// held as its fraction of 1 - alpha, so that the box [0, 1] keeps it in the usual region gamma <= 1 - alpha
// (Hyndman et al. 2008, 10.2; statsmodels' ExponentialSmoothing enforces the same).
class Packing {
 public:
  Packing(const HoltWintersSpec& spec, double scale) : spec_(spec), scale_(scale) {}

  std::vector<double> pack(const HoltWintersParams& p) const {
    std::vector<double> x{p.alpha};
    if (has_trend(spec_)) x.push_back(p.beta);
    if (has_season(spec_)) x.push_back(p.alpha < 1.0 ? std::min(1.0, p.gamma / (1.0 - p.alpha)) : 0.0);  // gamma
    if (spec_.trend == TrendKind::Damped) x.push_back(p.phi);
    x.push_back(p.level / scale_);
    if (has_trend(spec_)) x.push_back(p.trend / scale_);
    for (std::size_t j = 0; j + 1 < p.seasons.size(); ++j) x.push_back(p.seasons[j] / season_scale());
    return x;
  }

  HoltWintersParams unpack(std::span<const double> x) const {
    HoltWintersParams p;
    std::size_t i = 0;
    p.alpha = x[i++];
    p.beta = has_trend(spec_) ? x[i++] : 0.0;
    p.gamma = has_season(spec_) ? x[i++] * (1.0 - p.alpha) : 0.0;  // gamma <= 1 - alpha
    p.phi = spec_.trend == TrendKind::Damped ? x[i++] : 1.0;
    p.level = x[i++] * scale_;
    p.trend = has_trend(spec_) ? x[i++] * scale_ : 0.0;
    if (has_season(spec_)) {
      double sum = 0.0;
      for (; i < x.size(); ++i) p.seasons.push_back(x[i] * season_scale()), sum += p.seasons.back();
      const bool multiplicative = spec_.season == SeasonKind::Multiplicative;
      p.seasons.push_back((multiplicative ? double(spec_.period) : 0.0) - sum);
    }
    return p;
  }

  // The SSE's gradient with respect to pack(p)'s coordinates, from its gradient g with respect to p's fields.
  std::vector<double> pack_gradient(const HoltWintersParams& g, const HoltWintersParams& p) const {
    const double gamma_fraction = p.alpha < 1.0 ? p.gamma / (1.0 - p.alpha) : 0.0;
    std::vector<double> x{g.alpha - (has_season(spec_) ? g.gamma * gamma_fraction : 0.0)};  // d gamma / d alpha
    if (has_trend(spec_)) x.push_back(g.beta);
    if (has_season(spec_)) x.push_back(g.gamma * (1.0 - p.alpha));
    if (spec_.trend == TrendKind::Damped) x.push_back(g.phi);
    x.push_back(g.level * scale_);
    if (has_trend(spec_)) x.push_back(g.trend * scale_);
    if (has_season(spec_))  // the last state is the fixed sum less the others
      for (std::size_t j = 0; j + 1 < g.seasons.size(); ++j)
        x.push_back((g.seasons[j] - g.seasons.back()) * season_scale());
    return x;
  }

  // Box bounds: alpha, beta and gamma / (1 - alpha) in [0, 1], phi in [0.8, 0.98] (FPP3 8.2), states within the
  // data's reach.
  std::pair<std::vector<double>, std::vector<double>> bounds(double low, double high) const {
    const double range = (high - low) / scale_;
    const bool multiplicative = spec_.season == SeasonKind::Multiplicative;
    std::vector<double> lower{0.0}, upper{1.0};
    auto add = [&](double l, double u) { lower.push_back(l), upper.push_back(u); };
    if (has_trend(spec_)) add(0.0, 1.0);
    if (has_season(spec_)) add(0.0, 1.0);
    if (spec_.trend == TrendKind::Damped) add(0.8, 0.98);
    add(multiplicative ? 1e-6 : low / scale_ - range, high / scale_ + range);
    if (has_trend(spec_)) add(-range, range);
    for (std::size_t j = 0; j + 1 < period_of(spec_); ++j) multiplicative ? add(0.0, 3.0) : add(-range, range);
    return {lower, upper};
  }

 private:
  double season_scale() const { return spec_.season == SeasonKind::Multiplicative ? 1.0 : scale_; }
  HoltWintersSpec spec_;
  double scale_;
};

struct Objective {
  std::span<const double> y;
  const HoltWintersSpec* spec;
  const Packing* packing;
  double unit;  // the SSE is minimised in units of the series' scale squared, so the fit is the same in any units
  // The best point evaluated so far: LBFGS may stop with a failure after its line search gives up, and the
  // point reached is still good.
  mutable std::vector<double> best_x;
  mutable double best_value = std::numeric_limits<double>::infinity();
};

// The SSE at x and, when asked, its exact gradient (holt_winters_sse's reverse pass); kPenalty with a zero
// gradient where the recursions break down.
double objective(unsigned n, const double* x, double* gradient, void* data) {
  const auto& o = *static_cast<const Objective*>(data);
  const HoltWintersParams p = o.packing->unpack({x, n});
  HoltWintersParams g;
  double value = holt_winters_sse(o.y, *o.spec, p, gradient ? &g : nullptr) / o.unit;
  if (!std::isfinite(value)) value = kPenalty;
  if (value < o.best_value) o.best_value = value, o.best_x.assign(x, x + n);
  if (gradient) {
    std::fill(gradient, gradient + n, 0.0);
    if (value < kPenalty) {
      const std::vector<double> packed = o.packing->pack_gradient(g, p);
      for (unsigned i = 0; i < n; ++i) gradient[i] = std::isfinite(packed[i]) ? packed[i] / o.unit : 0.0;
    }
  }
  return value;
}

// One bounded L-BFGS run from x (clamped into the box); returns the lowest SSE evaluated (in the objective's unit)
// and leaves its point in x.
double minimise(const Objective& o, std::vector<double>& x, const std::vector<double>& lower,
                const std::vector<double>& upper, int max_evaluations) {
  nlopt::opt opt(kAlgorithm, unsigned(x.size()));
  opt.set_lower_bounds(lower);
  opt.set_upper_bounds(upper);
  opt.set_min_objective(objective, const_cast<Objective*>(&o));
  opt.set_xtol_rel(1e-10);
  opt.set_ftol_rel(1e-14);
  opt.set_maxeval(max_evaluations);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::clamp(x[i], lower[i], upper[i]);
  o.best_value = std::numeric_limits<double>::infinity();
  double value = objective(unsigned(x.size()), x.data(), nullptr, const_cast<Objective*>(&o));
  try {
    opt.optimize(x, value);
  } catch (const nlopt::roundoff_limited&) {
  } catch (const std::runtime_error&) {
    // nlopt's generic failure (LBFGS's line search giving up); the best point evaluated is kept below.
  }
  x = o.best_x;
  return o.best_value;
}

// Fixed starts: two values of alpha with the heuristic states, each run to convergence; the better one is
// restarted twice (a fresh L-BFGS memory moves on where the line search stalled at a bound).
HoltWintersParams fit_parameters(std::span<const double> y, const HoltWintersSpec& spec) {
  const auto [low, high] = std::minmax_element(y.begin(), y.end());
  double scale = 0.0;
  for (double v : y) scale += std::abs(v);
  scale /= double(y.size());
  if (!(scale > 0.0)) scale = 1.0;  // all zeros; any positive scale keeps the states near 1 however small the values
  const Packing packing(spec, scale);
  const auto [lower, upper] = packing.bounds(*low, *high);
  const Objective o{y, &spec, &packing, scale * scale, {}, 0.0};
  HoltWintersParams start = starting_states(y, spec);
  std::vector<double> best;
  double best_sse = std::numeric_limits<double>::infinity();
  for (double alpha : {0.2, 0.7}) {
    start.alpha = alpha, start.beta = 0.05, start.gamma = has_season(spec) ? 0.1 : 0.0, start.phi = 0.95;
    std::vector<double> x = packing.pack(start);
    const double sse = minimise(o, x, lower, upper, 1500);
    if (sse < best_sse) best_sse = sse, best = x;
  }
  for (int restart = 0; restart < 2; ++restart) minimise(o, best, lower, upper, 1500);
  return packing.unpack(best);
}

}  // namespace

double holt_winters_sse(std::span<const double> y, const HoltWintersSpec& spec, const HoltWintersParams& params,
                        HoltWintersParams* gradient) {
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  const bool multiplicative = spec.season == SeasonKind::Multiplicative;
  const bool additive = spec.season == SeasonKind::Additive;
  const bool trend = has_trend(spec);
  const HoltWintersParams p = without_unused(spec, params);
  State state = initial_state(spec, p);
  const double phi = p.phi;
  const std::size_t m = state.seasons.size(), n = y.size();
  // What the reverse pass needs: the level and trend before each step, and the seasonal state each step used.
  std::vector<double> levels, trends, seasons;
  if (gradient) levels.resize(n + 1), trends.resize(n + 1), seasons.resize(n);
  double sse = 0.0;
  for (std::size_t t = 0; t < n; ++t) {
    if (multiplicative && !(state.level + phi * state.trend > 0.0)) return kInfinity;
    if (gradient) levels[t] = state.level, trends[t] = state.trend, seasons[t] = state.seasons[t % m];
    const double error = y[t] - step(spec, p, state, t, y[t]);
    sse += error * error;
  }
  if (!std::isfinite(sse)) return kInfinity;
  if (!gradient) return sse;
  levels[n] = state.level, trends[n] = state.trend;

  // Reverse pass: the adjoints of the state after step t (level_bar, trend_bar, season_bar[t % m]) become those
  // of the state before it, accumulating the smoothing parameters' adjoints on the way.
  HoltWintersParams& g = *gradient;
  g = HoltWintersParams{0.0, 0.0, 0.0, 0.0, 0.0, 0.0, std::vector<double>(has_season(spec) ? m : 0, 0.0)};
  double level_bar = 0.0, trend_bar = 0.0;
  std::vector<double> season_bar(m, 0.0);
  for (std::size_t t = n; t-- > 0;) {
    const double l = levels[t], b = trends[t], s = seasons[t], a = l + phi * b, level_new = levels[t + 1];
    const double prediction = additive ? a + s : multiplicative ? a * s : a;
    const double prediction_bar = -2.0 * (y[t] - prediction);
    double a_bar = 0.0, s_bar = 0.0, l_bar = 0.0, b_bar = 0.0;
    if (has_season(spec)) {  // s_new = gamma G + (1 - gamma) s, G = y - a or y / a
      const double season_new_bar = season_bar[t % m];
      const double target = additive ? y[t] - a : y[t] / a;
      g.gamma += season_new_bar * (target - s);
      a_bar += additive ? -p.gamma * season_new_bar : -p.gamma * season_new_bar * y[t] / (a * a);
      s_bar += (1.0 - p.gamma) * season_new_bar;
    }
    if (trend) {  // b_new = beta (l_new - l) + (1 - beta) phi b
      g.beta += trend_bar * (level_new - l - phi * b);
      level_bar += p.beta * trend_bar;
      l_bar -= p.beta * trend_bar;
      g.phi += (1.0 - p.beta) * b * trend_bar;
      b_bar += (1.0 - p.beta) * phi * trend_bar;
    }
    // l_new = alpha D + (1 - alpha) a, D = y - s, y / s or y
    const double deseasoned = additive ? y[t] - s : multiplicative ? y[t] / s : y[t];
    g.alpha += level_bar * (deseasoned - a);
    const double deseasoned_bar = p.alpha * level_bar;
    a_bar += (1.0 - p.alpha) * level_bar;
    if (additive) s_bar -= deseasoned_bar;
    if (multiplicative) s_bar -= deseasoned_bar * y[t] / (s * s);
    // yhat = a + s, a s or a
    if (additive) a_bar += prediction_bar, s_bar += prediction_bar;
    else if (multiplicative) a_bar += prediction_bar * s, s_bar += prediction_bar * a;
    else a_bar += prediction_bar;
    // a = l + phi b
    l_bar += a_bar;
    if (trend) b_bar += phi * a_bar, g.phi += b * a_bar;
    level_bar = l_bar, trend_bar = b_bar;
    if (has_season(spec)) season_bar[t % m] = s_bar;
  }
  g.level = level_bar;
  if (trend) g.trend = trend_bar;
  if (spec.trend != TrendKind::Damped) g.phi = 0.0;
  if (has_season(spec)) g.seasons = season_bar;
  return sse;
}

HoltWinters::HoltWinters(std::span<const double> training, const HoltWintersSpec& spec, HoltWintersParams params)
    : spec_(spec), params_(std::move(params)), observations_(training.size()) {
  check_training(training, spec);
  lowest_ = *std::min_element(training.begin(), training.end());
  params_ = without_unused(spec, std::move(params_));
  State state = initial_state(spec_, params_);
  // Relative errors' sum of squares and the sum of log predictions: the multiplicative-error likelihood.
  double relative_sse = 0.0, log_predictions = 0.0;
  bool positive = true;
  for (std::size_t t = 0; t < training.size(); ++t) {
    const double predicted = step(spec_, params_, state, t, training[t]);
    fitted_.push_back(predicted);
    sse_ += (training[t] - predicted) * (training[t] - predicted);
    positive = positive && predicted > 0.0 && training[t] > 0.0;
    if (positive) {
      relative_sse += (training[t] - predicted) * (training[t] - predicted) / (predicted * predicted);
      log_predictions += std::log(predicted);
    }
  }
  // Gaussian log-likelihoods up to the same constant, at the maximum-likelihood variance of each error form:
  // additive -n/2 log(SSE/n), multiplicative -n/2 log(sum (e/yhat)^2 / n) - sum log yhat (Hyndman et al. 2008,
  // section 5.2). The intervals draw errors of whichever form explains the one-step errors better.
  const double n = double(training.size());
  if (positive && relative_sse > 0.0 && sse_ > 0.0 &&
      -0.5 * n * std::log(relative_sse / n) - log_predictions > -0.5 * n * std::log(sse_ / n)) {
    relative_errors_ = true;
    error_sum_of_squares_ = relative_sse;
  } else {
    error_sum_of_squares_ = sse_;
  }
  final_level_ = state.level;
  final_trend_ = state.trend;
  const std::size_t m = state.seasons.size();
  for (std::size_t j = 0; j < m; ++j) final_seasons_.push_back(state.seasons[(training.size() + j) % m]);
}

HoltWinters HoltWinters::fit(std::span<const double> training, const HoltWintersSpec& spec) {
  check_training(training, spec);
  return HoltWinters(training, spec, fit_parameters(training, spec));
}

std::size_t HoltWinters::parameter_count() const {
  const std::size_t smoothing = 1 + has_trend(spec_) + has_season(spec_) + (spec_.trend == TrendKind::Damped);
  const std::size_t states = 1 + has_trend(spec_) + (has_season(spec_) ? spec_.period - 1 : 0);
  return smoothing + states;
}

double HoltWinters::aicc() const {
  const double n = double(observations_);
  const double k = double(parameter_count() + 1);
  if (n - k - 1.0 <= 0.0) return std::numeric_limits<double>::infinity();
  return n * std::log(sse_ / n) + 2.0 * k + 2.0 * k * (k + 1.0) / (n - k - 1.0);
}

std::string describe(const HoltWintersSpec& spec) {
  const std::string trend = has_trend(spec) ? to_string(spec.trend) + " trend" : "no trend";
  if (!has_season(spec)) return fmt::format("Holt-Winters ({}, no season)", trend);
  return fmt::format("Holt-Winters ({}, {} season, m = {})", trend, to_string(spec.season), spec.period);
}

std::string HoltWinters::describe() const { return ts::describe(spec_); }

Forecast HoltWinters::forecast(std::size_t horizon, std::span<const double> levels, std::uint64_t seed,
                               std::size_t paths) const {
  if (horizon == 0) fail("holt_winters: expected a horizon of at least 1, got 0");
  for (double level : levels)
    if (!(level > 0.0 && level < 100.0)) fail("prediction interval: expected a level in (0, 100) percent, got {}", level);
  Forecast out;
  double damping = 0.0, power = 1.0;
  for (std::size_t h = 1; h <= horizon; ++h) {
    power *= params_.phi, damping += power;
    const double season = final_seasons_[(h - 1) % final_seasons_.size()];
    out.mean.push_back(predict(spec_, final_level_ + damping * final_trend_, season));
  }
  if (levels.empty()) {
    keep_non_negative(std::span(&lowest_, 1), out);
    return out;
  }
  if (paths < 2) fail("holt_winters: expected at least 2 simulated paths for intervals, got {}", paths);
  const double dof = double(observations_) - double(parameter_count());
  const double sigma = std::sqrt(error_sum_of_squares_ / std::max(dof, 1.0));
  // samples[h * paths + i]: path i at step h. Each path runs the fitted recursions on its own simulated values.
  std::vector<double> samples(horizon * paths);
  Rng rng(seed);
  const State end{final_level_, final_trend_, final_seasons_};
  for (std::size_t i = 0; i < paths; ++i) {
    State state = end;
    for (std::size_t h = 0; h < horizon; ++h) {
      const double mean = predict(spec_, state.level + params_.phi * state.trend, state.seasons[h % state.seasons.size()]);
      const double error = sigma * rng.normal();
      const double y = relative_errors_ ? mean * (1.0 + error) : mean + error;
      step(spec_, params_, state, h, y);
      samples[h * paths + i] = y;
    }
  }
  // Empirical quantiles with linear interpolation between order statistics (numpy's default).
  auto quantile = [&](std::span<const double> sorted, double q) {
    const double position = q * double(sorted.size() - 1);
    const std::size_t below = std::size_t(position);
    const double weight = position - double(below);
    return below + 1 < sorted.size() ? sorted[below] * (1.0 - weight) + sorted[below + 1] * weight : sorted[below];
  };
  for (double level : levels) out.intervals.push_back({level, {}, {}});
  for (std::size_t h = 0; h < horizon; ++h) {
    std::span<double> step_samples(samples.data() + h * paths, paths);
    std::sort(step_samples.begin(), step_samples.end());
    for (auto& interval : out.intervals) {
      interval.lower.push_back(quantile(step_samples, 0.5 - interval.level / 200.0));
      interval.upper.push_back(quantile(step_samples, 0.5 + interval.level / 200.0));
    }
  }
  keep_non_negative(std::span(&lowest_, 1), out);
  return out;
}

std::size_t holt_winters_rows(std::size_t period) { return period < 2 ? 4 : 2 * period; }

std::vector<HoltWintersSpec> holt_winters_variants(std::span<const double> training,
                                                   const std::vector<std::size_t>& periods) {
  const bool positive = std::all_of(training.begin(), training.end(), [](double v) { return v > 0.0; });
  std::vector<HoltWintersSpec> specs;
  bool unseasonal = false;
  for (std::size_t period : periods) {
    // Seasonal states start from two full seasons; with fewer rows, only the variants without a season (as R's ets).
    const bool seasonal = period >= 2 && training.size() >= holt_winters_rows(period);
    if (!seasonal && std::exchange(unseasonal, true)) continue;
    for (TrendKind trend : {TrendKind::None, TrendKind::Additive, TrendKind::Damped}) {
      if (!seasonal) {
        specs.push_back({trend, SeasonKind::None, 1});
        continue;
      }
      specs.push_back({trend, SeasonKind::Additive, period});
      if (positive) specs.push_back({trend, SeasonKind::Multiplicative, period});
    }
  }
  return specs;
}

HoltWinters fit_best_holt_winters(std::span<const double> training, const std::vector<std::size_t>& periods) {
  std::vector<HoltWinters> fits;
  for (const auto& spec : holt_winters_variants(training, periods)) fits.push_back(HoltWinters::fit(training, spec));
  return *std::min_element(fits.begin(), fits.end(),
                           [](const HoltWinters& a, const HoltWinters& b) { return a.aicc() < b.aicc(); });
}

}  // namespace elman::ts
