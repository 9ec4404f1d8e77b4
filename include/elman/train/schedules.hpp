#pragma once
// Learning-rate schedules as torch.optim.lr_scheduler in torch 1.13, acting on an optimizer's lr the way torch's
// act on param_groups[0]['lr']. Construction performs torch's initial step (last_epoch 0), and step() uses the
// recursive ("chainable") get_lr forms that torch's step() uses, which round differently from the closed forms;
// step_to(epoch) uses the closed form where torch has one (as scheduler.step(epoch) does).
// Call order as in torch: optimizer.step(), then schedule.step().
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "elman/train/optimizers.hpp"

namespace elman::train {

class LrScheduler {
 public:
  virtual ~LrScheduler() = default;
  LrScheduler(const LrScheduler&) = delete;
  LrScheduler& operator=(const LrScheduler&) = delete;

  // torch's step(): last_epoch += 1 and the recursive lr.
  virtual void step();
  // torch's step(epoch): last_epoch = epoch and the closed-form lr where the schedule has one.
  void step_to(std::int64_t epoch);
  double last_lr() const { return last_lr_; }
  std::int64_t last_epoch() const { return last_epoch_; }
  double base_lr() const { return base_lr_; }

  // Counters and lrs by name, for checkpoints; load_state takes what state() gave.
  virtual std::vector<NamedScalar> state() const;
  virtual void load_state(const std::vector<NamedScalar>& state);

 protected:
  explicit LrScheduler(OptimizerBase& optimizer);
  // Every concrete schedule calls this at the end of its constructor (torch's _initial_step).
  void initial_step();
  virtual double get_lr() = 0;
  virtual std::optional<double> closed_form_lr() { return std::nullopt; }
  double group_lr() const { return optimizer_.lr(); }

  OptimizerBase& optimizer_;
  double base_lr_;
  std::int64_t last_epoch_ = -1;
  std::int64_t step_count_ = 0;
  double last_lr_ = 0.0;

 private:
  void apply(double lr);
  friend class SequentialLR;
};

// lr * gamma every step_size steps.
class StepLR final : public LrScheduler {
 public:
  StepLR(OptimizerBase& optimizer, std::int64_t step_size, double gamma = 0.1);

 private:
  double get_lr() override;
  std::optional<double> closed_form_lr() override;
  std::int64_t step_size_;
  double gamma_;
};

// Cosine from the base lr to eta_min over t_max steps, then back up (torch's recursive form).
class CosineAnnealingLR final : public LrScheduler {
 public:
  CosineAnnealingLR(OptimizerBase& optimizer, std::int64_t t_max, double eta_min = 0.0);

 private:
  double get_lr() override;
  std::optional<double> closed_form_lr() override;
  std::int64_t t_max_;
  double eta_min_;
};

// Multiplies the lr by a factor going linearly from start_factor to end_factor over total_iters steps
// (a warm-up with the defaults' shape).
class LinearLR final : public LrScheduler {
 public:
  LinearLR(OptimizerBase& optimizer, double start_factor = 1.0 / 3, double end_factor = 1.0,
           std::int64_t total_iters = 5);

 private:
  double get_lr() override;
  std::optional<double> closed_form_lr() override;
  double start_factor_;
  double end_factor_;
  std::int64_t total_iters_;
};

struct OneCycleOptions {
  double max_lr = 0.0;
  std::int64_t total_steps = 0;
  double pct_start = 0.3;
  bool cos_anneal = true;  // anneal_strategy 'cos'; false is 'linear'
  bool cycle_momentum = true;
  double base_momentum = 0.85;
  double max_momentum = 0.95;
  double div_factor = 25.0;
  double final_div_factor = 1e4;
  bool three_phase = false;
};

// The 1cycle policy; sets the optimizer's initial_lr to max_lr / div_factor and, with cycle_momentum, its
// momentum (beta1 for Adam) in the opposite direction, as torch does.
class OneCycleLR final : public LrScheduler {
 public:
  OneCycleLR(OptimizerBase& optimizer, OneCycleOptions options);

 private:
  struct Phase {
    double end_step;
    double start_lr, end_lr, start_momentum, end_momentum;
  };
  double get_lr() override;
  double anneal(double start, double end, double pct) const;
  OneCycleOptions options_;
  std::vector<Phase> phases_;
};

// Runs schedules one after another, switching at the milestones (torch's SequentialLR: the usual way to put
// a LinearLR warm-up before another schedule). Takes the schedules after they were built on the optimizer, in
// order, and undoes their construction steps as torch does.
class SequentialLR final : public LrScheduler {
 public:
  SequentialLR(OptimizerBase& optimizer, std::vector<std::unique_ptr<LrScheduler>> schedulers,
               std::vector<std::int64_t> milestones);
  std::vector<NamedScalar> state() const override;
  void load_state(const std::vector<NamedScalar>& state) override;
  void step() override;

 private:
  double get_lr() override { return group_lr(); }
  std::vector<std::unique_ptr<LrScheduler>> schedulers_;
  std::vector<std::int64_t> milestones_;
};

struct PlateauOptions {
  bool mode_max = false;  // mode 'min' (default) or 'max'
  double factor = 0.1;
  std::int64_t patience = 10;
  double threshold = 1e-4;
  bool threshold_abs = false;  // threshold_mode 'rel' (default) or 'abs'
  std::int64_t cooldown = 0;
  double min_lr = 0.0;
  double eps = 1e-8;
};

// torch's ReduceLROnPlateau: not an LrScheduler in torch either; step(metric) after each evaluation.
class ReduceLROnPlateau {
 public:
  ReduceLROnPlateau(OptimizerBase& optimizer, PlateauOptions options = {});
  void step(double metric);
  double last_lr() const { return last_lr_; }
  std::vector<NamedScalar> state() const;
  void load_state(const std::vector<NamedScalar>& state);

 private:
  bool is_better(double current) const;
  OptimizerBase& optimizer_;
  PlateauOptions options_;
  double best_;
  std::int64_t num_bad_epochs_ = 0;
  std::int64_t cooldown_counter_ = 0;
  std::int64_t last_epoch_ = 0;
  double last_lr_;
};

}  // namespace elman::train
