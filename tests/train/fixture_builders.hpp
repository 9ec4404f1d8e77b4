#pragma once
// Builds elman optimizers and schedules from the JSON specs that tests/fixtures/make_train_cases.py wrote
// (PyTorch's argument names), so the parity tests run the exact configuration PyTorch ran.
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "elman/train/optimizers.hpp"
#include "elman/train/schedules.hpp"

namespace elman::train::testing {

template <typename T>
std::unique_ptr<Optimizer<T>> make_optimizer(const nlohmann::json& spec) {
  const std::string name = spec["name"];
  if (name == "sgd") {
    SgdOptions o;
    o.lr = spec["lr"];
    o.momentum = spec.value("momentum", 0.0);
    o.dampening = spec.value("dampening", 0.0);
    o.weight_decay = spec.value("weight_decay", 0.0);
    o.nesterov = spec.value("nesterov", false);
    o.maximize = spec.value("maximize", false);
    return std::make_unique<Sgd<T>>(o);
  }
  if (name == "adam" || name == "adamw") {
    AdamOptions o = name == "adam" ? AdamOptions() : AdamWOptions();
    o.lr = spec.value("lr", o.lr);
    if (spec.contains("betas")) {
      o.beta1 = spec["betas"][0];
      o.beta2 = spec["betas"][1];
    }
    o.eps = spec.value("eps", o.eps);
    o.weight_decay = spec.value("weight_decay", o.weight_decay);
    o.amsgrad = spec.value("amsgrad", false);
    o.maximize = spec.value("maximize", false);
    return std::make_unique<Adam<T>>(o, name == "adamw");
  }
  if (name == "rmsprop") {
    RmspropOptions o;
    o.lr = spec.value("lr", o.lr);
    o.alpha = spec.value("alpha", o.alpha);
    o.eps = spec.value("eps", o.eps);
    o.weight_decay = spec.value("weight_decay", o.weight_decay);
    o.momentum = spec.value("momentum", o.momentum);
    o.centered = spec.value("centered", false);
    o.maximize = spec.value("maximize", false);
    return std::make_unique<Rmsprop<T>>(o);
  }
  throw std::runtime_error("unknown optimizer " + name);
}

inline std::unique_ptr<LrScheduler> make_lr_scheduler(OptimizerBase& optimizer, const nlohmann::json& spec) {
  const std::string kind = spec["kind"];
  if (kind == "step") return std::make_unique<StepLR>(optimizer, spec["step_size"], spec["gamma"]);
  if (kind == "cosine") return std::make_unique<CosineAnnealingLR>(optimizer, spec["t_max"], spec["eta_min"]);
  if (kind == "linear")
    return std::make_unique<LinearLR>(optimizer, spec["start_factor"], spec["end_factor"], spec["total_iters"]);
  if (kind == "onecycle") {
    OneCycleOptions o;
    o.max_lr = spec["max_lr"];
    o.total_steps = spec["total_steps"];
    o.pct_start = spec["pct_start"];
    o.cos_anneal = spec["anneal_strategy"] == "cos";
    o.cycle_momentum = spec["cycle_momentum"];
    o.div_factor = spec["div_factor"];
    o.final_div_factor = spec["final_div_factor"];
    o.three_phase = spec["three_phase"];
    return std::make_unique<OneCycleLR>(optimizer, o);
  }
  if (kind == "sequential") {
    std::vector<std::unique_ptr<LrScheduler>> parts;
    parts.push_back(make_lr_scheduler(optimizer, spec["warmup"]));
    parts.push_back(make_lr_scheduler(optimizer, spec["after"]));
    return std::make_unique<SequentialLR>(optimizer, std::move(parts),
                                          std::vector<std::int64_t>{spec["milestone"].get<std::int64_t>()});
  }
  throw std::runtime_error("unknown schedule " + kind);
}

inline PlateauOptions plateau_options(const nlohmann::json& spec) {
  PlateauOptions o;
  o.mode_max = spec["mode"] == "max";
  o.factor = spec["factor"];
  o.patience = spec["patience"];
  o.threshold = spec["threshold"];
  o.threshold_abs = spec["threshold_mode"] == "abs";
  o.cooldown = spec["cooldown"];
  o.min_lr = spec["min_lr"];
  o.eps = spec["eps"];
  return o;
}

// Either kind of schedule, or none, stepped as the fixture generator stepped it.
class AnySchedule {
 public:
  AnySchedule(OptimizerBase& optimizer, const nlohmann::json& spec) {
    const std::string kind = spec["kind"];
    if (kind == "plateau") {
      plateau_ = std::make_unique<ReduceLROnPlateau>(optimizer, plateau_options(spec));
    } else if (kind != "none") {
      scheduler_ = make_lr_scheduler(optimizer, spec);
    }
  }
  void step(double metric) {
    if (plateau_) plateau_->step(metric);
    if (scheduler_) scheduler_->step();
  }

 private:
  std::unique_ptr<LrScheduler> scheduler_;
  std::unique_ptr<ReduceLROnPlateau> plateau_;
};

}  // namespace elman::train::testing
