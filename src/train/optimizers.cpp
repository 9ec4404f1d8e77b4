#include "elman/train/optimizers.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "elman/core/error.hpp"

// The per-element arithmetic follows torch/optim/{sgd,adam,adamw,rmsprop}.py (_single_tensor_*) in torch 1.13,
// operation by operation: Python-float hyperparameters are combined in double and cast to T where torch passes
// them to a tensor op (add's alpha, addcmul's value), so float32 models round as torch's CPU kernels do.

namespace elman::train {
namespace {

void check_at_least(const char* optimizer, const char* option, double value, double low) {
  if (!(value >= low)) fail("{}: expected {} >= {}, got {}", optimizer, option, low, value);
}

void check_beta(const char* optimizer, const char* option, double value) {
  if (!(value >= 0.0 && value < 1.0)) fail("{}: expected {} in [0, 1), got {}", optimizer, option, value);
}

template <typename T>
void resize_zeroed(std::vector<T>& values, std::size_t size) {
  values.assign(size, T(0));
}

}  // namespace

template <typename T>
std::vector<NamedScalar> Optimizer<T>::scalars() const {
  return {{"lr", this->lr_},
          {"initial_lr", this->initial_lr.value_or(std::numeric_limits<double>::quiet_NaN())},
          {"step", double(this->steps_)}};
}

template <typename T>
void Optimizer<T>::set_scalar(std::string_view name, double value) {
  if (name == "lr") {
    this->lr_ = value;
  } else if (name == "initial_lr") {
    this->initial_lr = std::isnan(value) ? std::nullopt : std::optional<double>(value);
  } else if (name == "step") {
    this->steps_ = std::int64_t(value);
  } else {
    fail("{} optimizer: no state scalar named '{}'", this->name(), name);
  }
}

template <typename T>
void Optimizer<T>::prepare(const Parameters<T>& params) {
  const std::size_t size = params.values().size();
  if (state_size_ == 0) {
    resize_state(size);
  } else if (size != state_size_) {
    fail("{} optimizer: the parameter arena has {} values, but the optimizer state was made for {}", name(), size,
         state_size_);
  }
}

// ---- SGD -------------------------------------------------------------------------------------------------

template <typename T>
Sgd<T>::Sgd(SgdOptions options) : Optimizer<T>(options.lr), options_(options) {
  check_at_least("SGD", "lr", options.lr, 0.0);
  check_at_least("SGD", "momentum", options.momentum, 0.0);
  check_at_least("SGD", "weight_decay", options.weight_decay, 0.0);
  if (options.nesterov && (options.momentum <= 0.0 || options.dampening != 0.0))
    fail("SGD: nesterov expects momentum > 0 and dampening 0, got momentum {} and dampening {}", options.momentum,
         options.dampening);
}

template <typename T>
void Sgd<T>::resize_state(std::size_t size) {
  resize_zeroed(momentum_buffer_, size);
  has_buffer_ = false;
  this->state_size_ = size;
}

template <typename T>
void Sgd<T>::step(Parameters<T>& params) {
  this->prepare(params);
  auto p = params.values();
  const auto g = params.grads();
  const SgdOptions& o = options_;
  const T weight_decay = T(o.weight_decay), momentum = T(o.momentum), keep = T(1 - o.dampening);
  const T neg_lr = T(-this->lr_);
  const bool use_momentum = o.momentum != 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    T d = o.maximize ? -g[i] : g[i];
    if (o.weight_decay != 0.0) d = d + weight_decay * p[i];
    if (use_momentum) {
      T& buf = momentum_buffer_[i];
      buf = has_buffer_ ? buf * momentum + keep * d : d;
      d = o.nesterov ? d + momentum * buf : buf;
    }
    p[i] = p[i] + neg_lr * d;
  }
  if (use_momentum) has_buffer_ = true;
  ++this->steps_;
}

template <typename T>
std::vector<NamedState<T>> Sgd<T>::state() {
  if (momentum_buffer_.empty()) return {};
  return {{"sgd.momentum_buffer", momentum_buffer_}};
}

template <typename T>
std::vector<NamedScalar> Sgd<T>::scalars() const {
  auto all = Optimizer<T>::scalars();
  all.push_back({"sgd.momentum", options_.momentum});
  all.push_back({"sgd.has_momentum_buffer", has_buffer_ ? 1.0 : 0.0});
  return all;
}

template <typename T>
void Sgd<T>::set_scalar(std::string_view name, double value) {
  if (name == "sgd.momentum") {
    options_.momentum = value;
  } else if (name == "sgd.has_momentum_buffer") {
    has_buffer_ = value != 0.0;
  } else {
    Optimizer<T>::set_scalar(name, value);
  }
}

// ---- Adam / AdamW ----------------------------------------------------------------------------------------

template <typename T>
Adam<T>::Adam(AdamOptions options, bool decoupled_weight_decay)
    : Optimizer<T>(options.lr), options_(options), decoupled_(decoupled_weight_decay) {
  const char* who = decoupled_weight_decay ? "AdamW" : "Adam";
  check_at_least(who, "lr", options.lr, 0.0);
  check_at_least(who, "eps", options.eps, 0.0);
  check_beta(who, "beta1", options.beta1);
  check_beta(who, "beta2", options.beta2);
  check_at_least(who, "weight_decay", options.weight_decay, 0.0);
}

template <typename T>
void Adam<T>::resize_state(std::size_t size) {
  resize_zeroed(exp_avg_, size);
  resize_zeroed(exp_avg_sq_, size);
  if (options_.amsgrad) resize_zeroed(max_exp_avg_sq_, size);
  this->state_size_ = size;
}

template <typename T>
void Adam<T>::step(Parameters<T>& params) {
  this->prepare(params);
  ++this->steps_;
  const AdamOptions& o = options_;
  // Python-float scalars, as torch computes them before the tensor ops.
  const double step = double(this->steps_);
  const double bias_correction1 = 1 - std::pow(o.beta1, step);
  const double bias_correction2 = 1 - std::pow(o.beta2, step);
  const T neg_step_size = T(-(this->lr_ / bias_correction1));
  const T bias_correction2_sqrt = T(std::sqrt(bias_correction2));
  const T decay_factor = T(1 - this->lr_ * o.weight_decay);
  const T weight_decay = T(o.weight_decay), beta1 = T(o.beta1), beta2 = T(o.beta2);
  const T one_minus_beta1 = T(1 - o.beta1), one_minus_beta2 = T(1 - o.beta2), eps = T(o.eps);
  auto p = params.values();
  const auto grads = params.grads();
  for (std::size_t i = 0; i < p.size(); ++i) {
    T g = o.maximize ? -grads[i] : grads[i];
    if (decoupled_) {
      p[i] = p[i] * decay_factor;
    } else if (o.weight_decay != 0.0) {
      g = g + weight_decay * p[i];
    }
    exp_avg_[i] = exp_avg_[i] * beta1 + one_minus_beta1 * g;
    exp_avg_sq_[i] = exp_avg_sq_[i] * beta2 + one_minus_beta2 * g * g;
    T second = exp_avg_sq_[i];
    if (o.amsgrad) second = max_exp_avg_sq_[i] = std::max(max_exp_avg_sq_[i], exp_avg_sq_[i]);
    const T denom = std::sqrt(second) / bias_correction2_sqrt + eps;
    p[i] = p[i] + neg_step_size * (exp_avg_[i] / denom);
  }
}

template <typename T>
std::vector<NamedState<T>> Adam<T>::state() {
  if (exp_avg_.empty()) return {};
  const std::string prefix = std::string(name()) + ".";
  std::vector<NamedState<T>> all = {{prefix + "exp_avg", exp_avg_}, {prefix + "exp_avg_sq", exp_avg_sq_}};
  if (options_.amsgrad) all.push_back({prefix + "max_exp_avg_sq", max_exp_avg_sq_});
  return all;
}

template <typename T>
std::vector<NamedScalar> Adam<T>::scalars() const {
  auto all = Optimizer<T>::scalars();
  all.push_back({std::string(name()) + ".beta1", options_.beta1});
  return all;
}

template <typename T>
void Adam<T>::set_scalar(std::string_view key, double value) {
  if (key == std::string(name()) + ".beta1") {
    options_.beta1 = value;
  } else {
    Optimizer<T>::set_scalar(key, value);
  }
}

// ---- RMSprop ---------------------------------------------------------------------------------------------

template <typename T>
Rmsprop<T>::Rmsprop(RmspropOptions options) : Optimizer<T>(options.lr), options_(options) {
  check_at_least("RMSprop", "lr", options.lr, 0.0);
  check_at_least("RMSprop", "eps", options.eps, 0.0);
  check_at_least("RMSprop", "momentum", options.momentum, 0.0);
  check_at_least("RMSprop", "weight_decay", options.weight_decay, 0.0);
  check_at_least("RMSprop", "alpha", options.alpha, 0.0);
}

template <typename T>
void Rmsprop<T>::resize_state(std::size_t size) {
  resize_zeroed(square_avg_, size);
  if (options_.centered) resize_zeroed(grad_avg_, size);
  resize_zeroed(momentum_buffer_, size);
  this->state_size_ = size;
}

template <typename T>
void Rmsprop<T>::step(Parameters<T>& params) {
  this->prepare(params);
  ++this->steps_;
  const RmspropOptions& o = options_;
  const T weight_decay = T(o.weight_decay), alpha = T(o.alpha), one_minus_alpha = T(1 - o.alpha);
  const T eps = T(o.eps), momentum = T(o.momentum), neg_lr = T(-this->lr_);
  auto p = params.values();
  const auto grads = params.grads();
  for (std::size_t i = 0; i < p.size(); ++i) {
    T g = o.maximize ? -grads[i] : grads[i];
    if (o.weight_decay != 0.0) g = g + weight_decay * p[i];
    square_avg_[i] = square_avg_[i] * alpha + one_minus_alpha * g * g;
    T avg;
    if (o.centered) {
      grad_avg_[i] = grad_avg_[i] * alpha + one_minus_alpha * g;
      avg = std::sqrt(square_avg_[i] - grad_avg_[i] * grad_avg_[i]);
    } else {
      avg = std::sqrt(square_avg_[i]);
    }
    avg = avg + eps;
    if (o.momentum > 0.0) {
      momentum_buffer_[i] = momentum_buffer_[i] * momentum + g / avg;
      p[i] = p[i] + neg_lr * momentum_buffer_[i];
    } else {
      p[i] = p[i] + neg_lr * (g / avg);
    }
  }
}

template <typename T>
std::vector<NamedState<T>> Rmsprop<T>::state() {
  if (square_avg_.empty()) return {};
  std::vector<NamedState<T>> all = {{"rmsprop.square_avg", square_avg_}, {"rmsprop.momentum_buffer", momentum_buffer_}};
  if (options_.centered) all.push_back({"rmsprop.grad_avg", grad_avg_});
  return all;
}

template <typename T>
std::vector<NamedScalar> Rmsprop<T>::scalars() const {
  auto all = Optimizer<T>::scalars();
  all.push_back({"rmsprop.momentum", options_.momentum});
  return all;
}

template <typename T>
void Rmsprop<T>::set_scalar(std::string_view name, double value) {
  if (name == "rmsprop.momentum") {
    options_.momentum = value;
  } else {
    Optimizer<T>::set_scalar(name, value);
  }
}

// ---- Clipping --------------------------------------------------------------------------------------------

template <typename T>
T clip_grad_norm(Parameters<T>& params, double max_norm, double norm_type) {
  const bool infinity = std::isinf(norm_type) && norm_type > 0;
  if (!infinity && norm_type != 2.0) fail("clip_grad_norm: expected norm_type 2 or inf, got {}", norm_type);
  if (params.count() == 0) return T(0);
  // torch: the norm of the stacked per-tensor norms (each reduced before they are combined).
  T total = T(0);
  for (std::size_t t = 0; t < params.count(); ++t) {
    const auto g = params.grad(t);
    if (infinity) {
      for (const T x : g) total = std::max(total, std::abs(x));
    } else {
      double sum = 0.0;
      for (const T x : g) sum += double(x) * double(x);
      const T norm = T(std::sqrt(sum));
      total += norm * norm;
    }
  }
  if (!infinity) total = std::sqrt(total);
  const T coefficient = std::min(T(max_norm) / (total + T(1e-6)), T(1));
  for (std::size_t t = 0; t < params.count(); ++t)
    for (T& x : params.grad(t)) x = x * coefficient;
  return total;
}

template <typename T>
void clip_grad_value(Parameters<T>& params, double clip_value) {
  const T high = T(clip_value), low = T(-clip_value);
  for (std::size_t t = 0; t < params.count(); ++t)
    for (T& x : params.grad(t)) x = std::min(std::max(x, low), high);
}

template class Optimizer<float>;
template class Optimizer<double>;
template class Sgd<float>;
template class Sgd<double>;
template class Adam<float>;
template class Adam<double>;
template class Rmsprop<float>;
template class Rmsprop<double>;
template float clip_grad_norm(Parameters<float>&, double, double);
template double clip_grad_norm(Parameters<double>&, double, double);
template void clip_grad_value(Parameters<float>&, double);
template void clip_grad_value(Parameters<double>&, double);

}  // namespace elman::train
