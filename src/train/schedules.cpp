#include "elman/train/schedules.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "elman/core/error.hpp"

// Every formula below is torch/optim/lr_scheduler.py (torch 1.13) with the same operation order, so that the
// lrs agree to the last bit: Python floats are doubles and math.cos is the C library's cos.

namespace elman::train {
namespace {

constexpr double kPi = std::numbers::pi;

// Python's %, whose result takes the divisor's sign.
std::int64_t python_mod(std::int64_t a, std::int64_t b) {
  const std::int64_t r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

double find_scalar(const std::vector<NamedScalar>& state, std::string_view name) {
  for (const auto& s : state)
    if (s.name == name) return s.value;
  fail("schedule state: expected a value named '{}'", name);
}

std::vector<NamedScalar> prefixed(const std::string& prefix, std::vector<NamedScalar> state) {
  for (auto& s : state) s.name = prefix + s.name;
  return state;
}

std::vector<NamedScalar> unprefixed(const std::string& prefix, const std::vector<NamedScalar>& state) {
  std::vector<NamedScalar> out;
  for (const auto& s : state)
    if (s.name.starts_with(prefix)) out.push_back({s.name.substr(prefix.size()), s.value});
  return out;
}

}  // namespace

// ---- LrScheduler -----------------------------------------------------------------------------------------

LrScheduler::LrScheduler(OptimizerBase& optimizer) : optimizer_(optimizer) {
  if (!optimizer.initial_lr) optimizer.initial_lr = optimizer.lr();
  base_lr_ = *optimizer.initial_lr;
}

void LrScheduler::initial_step() {
  step_count_ = 0;
  step();
}

void LrScheduler::step() {
  ++step_count_;
  ++last_epoch_;
  apply(get_lr());
}

void LrScheduler::step_to(std::int64_t epoch) {
  ++step_count_;
  last_epoch_ = epoch;
  const std::optional<double> closed = closed_form_lr();
  apply(closed ? *closed : get_lr());
}

void LrScheduler::apply(double lr) {
  optimizer_.set_lr(lr);
  last_lr_ = lr;
}

std::vector<NamedScalar> LrScheduler::state() const {
  return {{"last_epoch", double(last_epoch_)},
          {"step_count", double(step_count_)},
          {"base_lr", base_lr_},
          {"last_lr", last_lr_}};
}

void LrScheduler::load_state(const std::vector<NamedScalar>& state) {
  last_epoch_ = std::int64_t(find_scalar(state, "last_epoch"));
  step_count_ = std::int64_t(find_scalar(state, "step_count"));
  base_lr_ = find_scalar(state, "base_lr");
  last_lr_ = find_scalar(state, "last_lr");
}

// ---- StepLR ----------------------------------------------------------------------------------------------

StepLR::StepLR(OptimizerBase& optimizer, std::int64_t step_size, double gamma)
    : LrScheduler(optimizer), step_size_(step_size), gamma_(gamma) {
  if (step_size <= 0) fail("StepLR: expected step_size > 0, got {}", step_size);
  initial_step();
}

double StepLR::get_lr() {
  if (last_epoch_ == 0 || last_epoch_ % step_size_ != 0) return group_lr();
  return group_lr() * gamma_;
}

std::optional<double> StepLR::closed_form_lr() { return base_lr_ * std::pow(gamma_, double(last_epoch_ / step_size_)); }

// ---- CosineAnnealingLR -----------------------------------------------------------------------------------

CosineAnnealingLR::CosineAnnealingLR(OptimizerBase& optimizer, std::int64_t t_max, double eta_min)
    : LrScheduler(optimizer), t_max_(t_max), eta_min_(eta_min) {
  if (t_max <= 0) fail("CosineAnnealingLR: expected T_max > 0, got {}", t_max);
  initial_step();
}

double CosineAnnealingLR::get_lr() {
  const double t = double(t_max_), e = double(last_epoch_);
  if (last_epoch_ == 0) return group_lr();
  if (step_count_ == 1 && last_epoch_ > 0) return eta_min_ + (base_lr_ - eta_min_) * (1 + std::cos(e * kPi / t)) / 2;
  if (python_mod(last_epoch_ - 1 - t_max_, 2 * t_max_) == 0)
    return group_lr() + (base_lr_ - eta_min_) * (1 - std::cos(kPi / t)) / 2;
  return (1 + std::cos(kPi * e / t)) / (1 + std::cos(kPi * double(last_epoch_ - 1) / t)) * (group_lr() - eta_min_) +
         eta_min_;
}

std::optional<double> CosineAnnealingLR::closed_form_lr() {
  return eta_min_ + (base_lr_ - eta_min_) * (1 + std::cos(kPi * double(last_epoch_) / double(t_max_))) / 2;
}

// ---- LinearLR --------------------------------------------------------------------------------------------

LinearLR::LinearLR(OptimizerBase& optimizer, double start_factor, double end_factor, std::int64_t total_iters)
    : LrScheduler(optimizer), start_factor_(start_factor), end_factor_(end_factor), total_iters_(total_iters) {
  if (!(start_factor >= 0.0 && start_factor <= 1.0))
    fail("LinearLR: expected start_factor in [0, 1], got {}", start_factor);
  if (!(end_factor >= 0.0 && end_factor <= 1.0)) fail("LinearLR: expected end_factor in [0, 1], got {}", end_factor);
  if (total_iters <= 0) fail("LinearLR: expected total_iters > 0, got {}", total_iters);
  initial_step();
}

double LinearLR::get_lr() {
  if (last_epoch_ == 0) return group_lr() * start_factor_;
  if (last_epoch_ > total_iters_) return group_lr();
  const double slope = end_factor_ - start_factor_;
  return group_lr() * (1. + slope / (double(total_iters_) * start_factor_ + double(last_epoch_ - 1) * slope));
}

std::optional<double> LinearLR::closed_form_lr() {
  return base_lr_ * (start_factor_ + (end_factor_ - start_factor_) * double(std::min(total_iters_, last_epoch_)) /
                                         double(total_iters_));
}

// ---- OneCycleLR ------------------------------------------------------------------------------------------

OneCycleLR::OneCycleLR(OptimizerBase& optimizer, OneCycleOptions options) : LrScheduler(optimizer), options_(options) {
  const auto& o = options_;
  if (o.total_steps <= 0) fail("OneCycleLR: expected total_steps > 0, got {}", o.total_steps);
  if (!(o.pct_start >= 0.0 && o.pct_start <= 1.0))
    fail("OneCycleLR: expected pct_start in [0, 1], got {}", o.pct_start);
  const double initial_lr = o.max_lr / o.div_factor;
  const double min_lr = initial_lr / o.final_div_factor;
  const double total = double(o.total_steps);
  if (o.three_phase) {
    phases_ = {{o.pct_start * total - 1, initial_lr, o.max_lr, o.max_momentum, o.base_momentum},
               {2 * o.pct_start * total - 2, o.max_lr, initial_lr, o.base_momentum, o.max_momentum},
               {total - 1, initial_lr, min_lr, o.max_momentum, o.max_momentum}};
  } else {
    phases_ = {{o.pct_start * total - 1, initial_lr, o.max_lr, o.max_momentum, o.base_momentum},
               {total - 1, o.max_lr, min_lr, o.base_momentum, o.max_momentum}};
  }
  // torch overwrites group['initial_lr'] (the base lr) and, with cycle_momentum, the momentum.
  optimizer_.initial_lr = initial_lr;
  base_lr_ = initial_lr;
  if (o.cycle_momentum) optimizer_.set_momentum(o.max_momentum);
  initial_step();
}

double OneCycleLR::anneal(double start, double end, double pct) const {
  if (options_.cos_anneal) {
    const double cos_out = std::cos(kPi * pct) + 1;
    return end + (start - end) / 2.0 * cos_out;
  }
  return (end - start) * pct + start;
}

double OneCycleLR::get_lr() {
  if (last_epoch_ > options_.total_steps)
    fail("OneCycleLR: tried to step {} times, but total_steps is {}", last_epoch_ + 1, options_.total_steps);
  const double step_num = double(last_epoch_);
  double start_step = 0.0;
  for (std::size_t i = 0; i < phases_.size(); ++i) {
    const Phase& phase = phases_[i];
    if (step_num <= phase.end_step || i + 1 == phases_.size()) {
      const double pct = (step_num - start_step) / (phase.end_step - start_step);
      if (options_.cycle_momentum) optimizer_.set_momentum(anneal(phase.start_momentum, phase.end_momentum, pct));
      return anneal(phase.start_lr, phase.end_lr, pct);
    }
    start_step = phase.end_step;
  }
  return group_lr();  // unreachable: the last phase always matches
}

// ---- SequentialLR ----------------------------------------------------------------------------------------

SequentialLR::SequentialLR(OptimizerBase& optimizer, std::vector<std::unique_ptr<LrScheduler>> schedulers,
                           std::vector<std::int64_t> milestones)
    : LrScheduler(optimizer), schedulers_(std::move(schedulers)), milestones_(std::move(milestones)) {
  if (schedulers_.empty()) fail("SequentialLR: expected at least one schedule");
  if (milestones_.size() + 1 != schedulers_.size())
    fail("SequentialLR: expected {} milestones for {} schedules, got {}", schedulers_.size() - 1, schedulers_.size(),
         milestones_.size());
  for (const auto& s : schedulers_)
    if (&s->optimizer_ != &optimizer) fail("SequentialLR: expected every schedule to act on the same optimizer");
  last_epoch_ = 0;
  // torch resets the lr, undoes each schedule's construction step and redoes only the first one's.
  optimizer_.set_lr(*optimizer_.initial_lr);
  for (auto& s : schedulers_) --s->last_epoch_;
  schedulers_.front()->initial_step();
  last_lr_ = schedulers_.front()->last_lr();
}

void SequentialLR::step() {
  ++last_epoch_;
  const auto idx =
      std::size_t(std::upper_bound(milestones_.begin(), milestones_.end(), last_epoch_) - milestones_.begin());
  LrScheduler& scheduler = *schedulers_[idx];
  if (idx > 0 && milestones_[idx - 1] == last_epoch_) {
    scheduler.step_to(0);
  } else {
    scheduler.step();
  }
  last_lr_ = scheduler.last_lr();
}

std::vector<NamedScalar> SequentialLR::state() const {
  auto all = LrScheduler::state();
  for (std::size_t i = 0; i < schedulers_.size(); ++i) {
    auto child = prefixed(std::to_string(i) + ".", schedulers_[i]->state());
    all.insert(all.end(), child.begin(), child.end());
  }
  return all;
}

void SequentialLR::load_state(const std::vector<NamedScalar>& state) {
  LrScheduler::load_state(state);
  for (std::size_t i = 0; i < schedulers_.size(); ++i)
    schedulers_[i]->load_state(unprefixed(std::to_string(i) + ".", state));
}

// ---- ReduceLROnPlateau -----------------------------------------------------------------------------------

ReduceLROnPlateau::ReduceLROnPlateau(OptimizerBase& optimizer, PlateauOptions options)
    : optimizer_(optimizer), options_(options), last_lr_(optimizer.lr()) {
  if (!(options.factor < 1.0)) fail("ReduceLROnPlateau: expected factor < 1, got {}", options.factor);
  if (options.patience < 0) fail("ReduceLROnPlateau: expected patience >= 0, got {}", options.patience);
  best_ = options.mode_max ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
}

bool ReduceLROnPlateau::is_better(double current) const {
  const auto& o = options_;
  if (!o.mode_max) return o.threshold_abs ? current < best_ - o.threshold : current < best_ * (1. - o.threshold);
  return o.threshold_abs ? current > best_ + o.threshold : current > best_ * (o.threshold + 1.);
}

void ReduceLROnPlateau::step(double metric) {
  ++last_epoch_;
  if (is_better(metric)) {
    best_ = metric;
    num_bad_epochs_ = 0;
  } else {
    ++num_bad_epochs_;
  }
  if (cooldown_counter_ > 0) {
    --cooldown_counter_;
    num_bad_epochs_ = 0;  // bad epochs in cooldown do not count
  }
  if (num_bad_epochs_ > options_.patience) {
    const double old_lr = optimizer_.lr();
    const double new_lr = std::max(old_lr * options_.factor, options_.min_lr);
    if (old_lr - new_lr > options_.eps) optimizer_.set_lr(new_lr);
    cooldown_counter_ = options_.cooldown;
    num_bad_epochs_ = 0;
  }
  last_lr_ = optimizer_.lr();
}

std::vector<NamedScalar> ReduceLROnPlateau::state() const {
  return {{"best", best_},
          {"num_bad_epochs", double(num_bad_epochs_)},
          {"cooldown_counter", double(cooldown_counter_)},
          {"last_epoch", double(last_epoch_)},
          {"last_lr", last_lr_}};
}

void ReduceLROnPlateau::load_state(const std::vector<NamedScalar>& state) {
  best_ = find_scalar(state, "best");
  num_bad_epochs_ = std::int64_t(find_scalar(state, "num_bad_epochs"));
  cooldown_counter_ = std::int64_t(find_scalar(state, "cooldown_counter"));
  last_epoch_ = std::int64_t(find_scalar(state, "last_epoch"));
  last_lr_ = find_scalar(state, "last_lr");
}

}  // namespace elman::train
