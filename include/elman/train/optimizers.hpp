#pragma once
// Optimizers with torch 1.13's single-tensor (foreach=False) update rules and defaults, and gradient clipping
// as torch.nn.utils. Each optimizer is one flat loop over Parameters::values()/grads(), with its state in flat
// arrays of the same length (the zero padding between tensors stays zero: zero gradient, zero update).
// State is exposed by name for checkpoints: arrays ("adam.exp_avg") and scalars ("step", "lr").
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "elman/core/parameters.hpp"

namespace elman::train {

// What LR schedules see of an optimizer: torch's param_groups[0] with its 'lr', 'initial_lr' and momentum
// ('momentum' for SGD and RMSprop, betas[0] for Adam and AdamW, as OneCycleLR's cycle_momentum uses them).
class OptimizerBase {
 public:
  explicit OptimizerBase(double lr) : lr_(lr) {}
  virtual ~OptimizerBase() = default;
  virtual std::string_view name() const = 0;

  double lr() const { return lr_; }
  void set_lr(double lr) { lr_ = lr; }
  // Set by the first schedule attached (torch's group.setdefault('initial_lr', lr)).
  std::optional<double> initial_lr;
  virtual double momentum() const = 0;
  virtual void set_momentum(double momentum) = 0;
  // Optimizer steps taken (torch's state['step']; SGD keeps none in torch, elman counts anyway).
  std::int64_t steps() const { return steps_; }

 protected:
  double lr_;
  std::int64_t steps_ = 0;
};

template <typename T>
struct NamedState {
  std::string name;
  std::span<T> values;
};

struct NamedScalar {
  std::string name;
  double value;
};

template <typename T>
class Optimizer : public OptimizerBase {
 public:
  using OptimizerBase::OptimizerBase;
  // One update of every value from its gradient; the state arrays are sized to the arena on the first step.
  virtual void step(Parameters<T>& params) = 0;
  // The state arrays by name (empty before the first step), for checkpoints; writable for resuming.
  virtual std::vector<NamedState<T>> state() = 0;
  // "lr", "initial_lr" (NaN when unset), "step", and the options a schedule may change.
  virtual std::vector<NamedScalar> scalars() const;
  // Restores a scalar saved by scalars(); throws naming an unknown one. Call after state arrays are sized
  // (resize_state) and filled.
  virtual void set_scalar(std::string_view name, double value);
  // Sizes the state arrays for an arena of `size` values (zeros), as the first step would.
  virtual void resize_state(std::size_t size) = 0;

 protected:
  // Sizes the state on the first step and checks the arena did not change afterwards.
  void prepare(const Parameters<T>& params);
  std::size_t state_size_ = 0;
};

struct SgdOptions {
  double lr = 0.0;  // torch requires lr; 0 is rejected
  double momentum = 0.0;
  double dampening = 0.0;
  double weight_decay = 0.0;
  bool nesterov = false;
  bool maximize = false;
};

struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;
  bool amsgrad = false;
  bool maximize = false;
};

// torch.optim.AdamW: Adam with decoupled decay, whose default weight_decay is 1e-2.
struct AdamWOptions : AdamOptions {
  AdamWOptions() { weight_decay = 1e-2; }
};

struct RmspropOptions {
  double lr = 1e-2;
  double alpha = 0.99;
  double eps = 1e-8;
  double weight_decay = 0.0;
  double momentum = 0.0;
  bool centered = false;
  bool maximize = false;
};

// torch.optim.SGD: d = g + wd p; buf = d (first step) or momentum buf + (1 - dampening) d;
// d = d + momentum buf (nesterov) or buf; p -= lr d.
template <typename T>
class Sgd final : public Optimizer<T> {
 public:
  explicit Sgd(SgdOptions options);
  std::string_view name() const override { return "sgd"; }
  void step(Parameters<T>& params) override;
  std::vector<NamedState<T>> state() override;
  std::vector<NamedScalar> scalars() const override;
  void set_scalar(std::string_view name, double value) override;
  void resize_state(std::size_t size) override;
  double momentum() const override { return options_.momentum; }
  void set_momentum(double momentum) override { options_.momentum = momentum; }
  const SgdOptions& options() const { return options_; }

 private:
  SgdOptions options_;
  std::vector<T> momentum_buffer_;
  bool has_buffer_ = false;  // torch's momentum_buffer is None until the first step with momentum
};

// torch.optim.Adam, and torch.optim.AdamW when decoupled (p *= 1 - lr wd before the moments, no wd in g).
template <typename T>
class Adam final : public Optimizer<T> {
 public:
  explicit Adam(AdamOptions options, bool decoupled_weight_decay = false);
  std::string_view name() const override { return decoupled_ ? "adamw" : "adam"; }
  void step(Parameters<T>& params) override;
  std::vector<NamedState<T>> state() override;
  std::vector<NamedScalar> scalars() const override;
  void set_scalar(std::string_view name, double value) override;
  void resize_state(std::size_t size) override;
  double momentum() const override { return options_.beta1; }
  void set_momentum(double momentum) override { options_.beta1 = momentum; }
  const AdamOptions& options() const { return options_; }

 private:
  AdamOptions options_;
  bool decoupled_;
  std::vector<T> exp_avg_;
  std::vector<T> exp_avg_sq_;
  std::vector<T> max_exp_avg_sq_;  // amsgrad only
};

template <typename T>
std::unique_ptr<Adam<T>> make_adamw(AdamWOptions options = {}) {
  return std::make_unique<Adam<T>>(options, true);
}

// torch.optim.RMSprop: v = alpha v + (1 - alpha) g^2; centered subtracts the squared running mean of g;
// with momentum, buf = momentum buf + g / (sqrt(v) + eps) and p -= lr buf.
template <typename T>
class Rmsprop final : public Optimizer<T> {
 public:
  explicit Rmsprop(RmspropOptions options);
  std::string_view name() const override { return "rmsprop"; }
  void step(Parameters<T>& params) override;
  std::vector<NamedState<T>> state() override;
  std::vector<NamedScalar> scalars() const override;
  void set_scalar(std::string_view name, double value) override;
  void resize_state(std::size_t size) override;
  double momentum() const override { return options_.momentum; }
  void set_momentum(double momentum) override { options_.momentum = momentum; }
  const RmspropOptions& options() const { return options_; }

 private:
  RmspropOptions options_;
  std::vector<T> square_avg_;
  std::vector<T> grad_avg_;         // centered only
  std::vector<T> momentum_buffer_;  // momentum > 0 only
};

// torch.nn.utils.clip_grad_norm_: the norm of the per-tensor norms (norm_type 2, or infinity for the largest
// |g|), then every gradient times min(1, max_norm / (total + 1e-6)), computed in T. Returns the total norm.
template <typename T>
T clip_grad_norm(Parameters<T>& params, double max_norm, double norm_type = 2.0);

// torch.nn.utils.clip_grad_value_: every gradient clamped to [-clip_value, clip_value].
template <typename T>
void clip_grad_value(Parameters<T>& params, double clip_value);

}  // namespace elman::train
