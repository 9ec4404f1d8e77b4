#include "elman/train/optimizers.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "elman/core/error.hpp"

namespace {

using elman::Parameters;

// Two tensors with padding between them in the arena, gradients set by hand.
Parameters<double> two_tensors(std::vector<double> grad_a, std::vector<double> grad_b) {
  Parameters<double> params;
  const auto a = params.add("a", {std::int64_t(grad_a.size())});
  const auto b = params.add("b", {std::int64_t(grad_b.size())});
  std::copy(grad_a.begin(), grad_a.end(), params.grad(a).begin());
  std::copy(grad_b.begin(), grad_b.end(), params.grad(b).begin());
  for (std::size_t t = 0; t < 2; ++t)
    for (double& v : params.value(t)) v = 1.0;
  return params;
}

TEST(Optimizers, SgdStepIsLrTimesGradient) {
  auto params = two_tensors({1.0, -2.0}, {0.5});
  elman::train::Sgd<double> sgd({.lr = 0.5});
  sgd.step(params);
  EXPECT_EQ(params.value(0)[0], 0.5);
  EXPECT_EQ(params.value(0)[1], 2.0);
  EXPECT_EQ(params.value(1)[0], 0.75);
  EXPECT_EQ(sgd.steps(), 1);
}

TEST(Optimizers, PaddingBetweenTensorsStaysZeroUnderEveryOptimizer) {
  auto params = two_tensors({1.0, -2.0}, {0.5});
  elman::train::AdamOptions adam;
  adam.weight_decay = 0.1;
  elman::train::Adam<double> optimizer(adam);
  elman::train::Rmsprop<double> rmsprop({.centered = true});
  for (int i = 0; i < 3; ++i) {
    optimizer.step(params);
    rmsprop.step(params);
  }
  const auto values = params.values();
  for (std::size_t i = 2; i < elman::Parameters<double>::kAlign; ++i) EXPECT_EQ(values[i], 0.0) << i;
}

TEST(Optimizers, AdamFirstStepMovesEachValueByLr) {
  // With bias correction, step 1 gives m / sqrt(v) = sign(g), so p -= lr * g / (|g| + eps').
  auto params = two_tensors({3.0, -0.25}, {1e-3});
  elman::train::Adam<double> adam({.lr = 0.1});
  adam.step(params);
  EXPECT_NEAR(params.value(0)[0], 0.9, 1e-8);
  EXPECT_NEAR(params.value(0)[1], 1.1, 1e-8);
  EXPECT_NEAR(params.value(1)[0], 0.9, 1e-6);
}

TEST(Optimizers, AdamWDefaultsToWeightDecayOfOneHundredth) {
  EXPECT_EQ(elman::train::AdamWOptions().weight_decay, 0.01);
  EXPECT_EQ(elman::train::AdamOptions().weight_decay, 0.0);
  EXPECT_EQ(elman::train::make_adamw<float>()->name(), "adamw");
  EXPECT_EQ(elman::train::RmspropOptions().lr, 0.01);
}

TEST(Optimizers, ExposesStateByNameForCheckpoints) {
  auto params = two_tensors({1.0}, {2.0});
  elman::train::AdamOptions options;
  options.amsgrad = true;
  elman::train::Adam<double> adam(options);
  EXPECT_TRUE(adam.state().empty());
  adam.step(params);
  std::vector<std::string> names;
  for (const auto& s : adam.state()) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"adam.exp_avg", "adam.exp_avg_sq", "adam.max_exp_avg_sq"}));
  EXPECT_EQ(adam.state()[0].values.size(), params.values().size());
  std::vector<std::string> scalars;
  for (const auto& s : adam.scalars()) scalars.push_back(s.name);
  EXPECT_EQ(scalars, (std::vector<std::string>{"lr", "initial_lr", "step", "adam.beta1"}));
}

// Runs `steps` SGD-with-momentum steps with a gradient that depends on the values.
void momentum_steps(elman::train::Sgd<double>& sgd, Parameters<double>& params, int steps) {
  for (int i = 0; i < steps; ++i) {
    for (std::size_t t = 0; t < params.count(); ++t)
      for (std::size_t j = 0; j < params.value(t).size(); ++j) params.grad(t)[j] = std::sin(params.value(t)[j]);
    sgd.step(params);
  }
}

TEST(Optimizers, ResumingFromSavedStateContinuesBitForBit) {
  const elman::train::SgdOptions options{.lr = 0.1, .momentum = 0.9, .nesterov = true};
  auto straight = two_tensors({0.0, 0.0}, {0.0});
  elman::train::Sgd<double> first(options);
  momentum_steps(first, straight, 5);

  auto interrupted = two_tensors({0.0, 0.0}, {0.0});
  elman::train::Sgd<double> before(options);
  momentum_steps(before, interrupted, 3);
  elman::train::Sgd<double> after(options);
  after.resize_state(interrupted.values().size());
  const auto saved = before.state();
  const auto restored = after.state();
  ASSERT_EQ(saved.size(), restored.size());
  for (std::size_t i = 0; i < saved.size(); ++i) {
    ASSERT_EQ(saved[i].name, restored[i].name);
    std::copy(saved[i].values.begin(), saved[i].values.end(), restored[i].values.begin());
  }
  for (const auto& s : before.scalars()) after.set_scalar(s.name, s.value);
  momentum_steps(after, interrupted, 2);
  for (std::size_t i = 0; i < straight.values().size(); ++i)
    EXPECT_EQ(straight.values()[i], interrupted.values()[i]) << i;
  EXPECT_EQ(after.steps(), 5);
}

TEST(Optimizers, RejectsAnArenaThatChangedSizeAfterTheFirstStep) {
  auto params = two_tensors({1.0}, {2.0});
  elman::train::Sgd<double> sgd({.lr = 0.1});
  sgd.step(params);
  params.add("late", {100});
  try {
    sgd.step(params);
    FAIL() << "expected an error";
  } catch (const elman::Error& e) {
    EXPECT_EQ(std::string(e.what()).substr(0, 48), "sgd optimizer: the parameter arena has 116 value");
  }
}

TEST(Optimizers, NesterovNeedsMomentumAndNoDampening) {
  try {
    elman::train::Sgd<double>({.lr = 0.1, .nesterov = true});
    FAIL() << "expected an error";
  } catch (const elman::Error& e) {
    EXPECT_STREQ(e.what(), "SGD: nesterov expects momentum > 0 and dampening 0, got momentum 0 and dampening 0");
  }
}

TEST(Optimizers, RejectsABetaOfOne) {
  try {
    elman::train::Adam<float>({.beta2 = 1.0});
    FAIL() << "expected an error";
  } catch (const elman::Error& e) {
    EXPECT_STREQ(e.what(), "Adam: expected beta2 in [0, 1), got 1");
  }
}

TEST(Clipping, GradNormReturnsTheTotalNormAndScalesToMaxNorm) {
  auto params = two_tensors({3.0, 0.0}, {4.0});
  EXPECT_EQ(elman::train::clip_grad_norm(params, 1.0), 5.0);
  const double coefficient = 1.0 / (5.0 + 1e-6);
  EXPECT_EQ(params.grad(0)[0], 3.0 * coefficient);
  EXPECT_EQ(params.grad(1)[0], 4.0 * coefficient);
}

TEST(Clipping, GradNormLeavesSmallGradientsAlone) {
  auto params = two_tensors({0.3, 0.0}, {-0.4});
  EXPECT_DOUBLE_EQ(elman::train::clip_grad_norm(params, 1.0), 0.5);
  EXPECT_EQ(params.grad(0)[0], 0.3);
  EXPECT_EQ(params.grad(1)[0], -0.4);
}

TEST(Clipping, InfinityNormIsTheLargestMagnitude) {
  auto params = two_tensors({0.3, -2.0}, {1.5});
  EXPECT_EQ(elman::train::clip_grad_norm(params, 1.0, std::numeric_limits<double>::infinity()), 2.0);
  EXPECT_DOUBLE_EQ(params.grad(0)[1], -2.0 / (2.0 + 1e-6));
}

TEST(Clipping, RejectsOtherNormTypes) {
  auto params = two_tensors({1.0}, {1.0});
  EXPECT_THROW(elman::train::clip_grad_norm(params, 1.0, 1.0), elman::Error);
}

TEST(Clipping, ValueClampsEveryGradient) {
  auto params = two_tensors({0.3, -2.0}, {1.5});
  elman::train::clip_grad_value(params, 0.5);
  EXPECT_EQ(params.grad(0)[0], 0.3);
  EXPECT_EQ(params.grad(0)[1], -0.5);
  EXPECT_EQ(params.grad(1)[0], 0.5);
}

}  // namespace
