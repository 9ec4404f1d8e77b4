#include "elman/nn/linear.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "elman/core/error.hpp"

namespace {

using elman::Parameters;
using elman::Tensor;

TEST(Linear, RegistersPyTorchNamesAndShapes) {
  Parameters<float> params;
  elman::nn::Linear<float> head(params, "head.", 5, 3);
  EXPECT_EQ(params.name(head.weight_index()), "head.weight");
  EXPECT_EQ(params.shape(head.weight_index()), elman::Shape({3, 5}));
  EXPECT_EQ(params.name(head.bias_index()), "head.bias");
  EXPECT_EQ(params.shape(head.bias_index()), elman::Shape({3}));
}

TEST(Linear, InitialisesWithinOneOverSqrtFanIn) {
  Parameters<double> params;
  elman::nn::Linear<double> layer(params, "", 16, 40);
  elman::Rng rng(3);
  layer.reset_parameters(params, rng);
  double largest = 0.0;
  for (const double w : params.values()) largest = std::max(largest, std::abs(w));
  EXPECT_LE(largest, 0.25);
  EXPECT_GT(largest, 0.24);  // 680 draws from U(-0.25, 0.25) reach close to the bound
}

TEST(Linear, ForwardComputesXTimesWeightTransposedPlusBias) {
  Parameters<double> params;
  elman::nn::Linear<double> layer(params, "", 2, 2);
  const std::vector<double> w = {1, 2, 3, 4}, b = {0.5, -1};
  std::copy(w.begin(), w.end(), params.value(layer.weight_index()).begin());
  std::copy(b.begin(), b.end(), params.value(layer.bias_index()).begin());
  const Tensor<double> x({1, 2}, std::vector<double>{1.0, -1.0});
  const auto y = layer.forward(params, x);
  EXPECT_EQ(y.shape(), elman::Shape({1, 2}));
  EXPECT_EQ(y[0], 1 - 2 + 0.5);
  EXPECT_EQ(y[1], 3 - 4 - 1);
}

// L = sum(y * c) for a fixed c, so dL/dy = c; compared with central differences.
TEST(Linear, BackwardMatchesFiniteDifferences) {
  Parameters<double> params;
  elman::nn::Linear<double> layer(params, "", 3, 2);
  elman::Rng rng(11);
  layer.reset_parameters(params, rng);
  Tensor<double> x({4, 3});
  for (double& v : x.span()) v = rng.uniform(-1, 1);
  Tensor<double> c({4, 2});
  for (double& v : c.span()) v = rng.uniform(-1, 1);
  auto loss = [&](const Tensor<double>& input) {
    const auto y = layer.forward(params, input);
    double total = 0;
    for (std::int64_t i = 0; i < y.numel(); ++i) total += y[i] * c[i];
    return total;
  };
  params.zero_grad();
  const auto grad_x = layer.backward(params, x, c);
  const double h = 1e-6;
  for (std::size_t i = 0; i < params.values().size(); ++i) {
    const double saved = params.values()[i];
    params.values()[i] = saved + h;
    const double up = loss(x);
    params.values()[i] = saved - h;
    const double down = loss(x);
    params.values()[i] = saved;
    EXPECT_NEAR(params.grads()[i], (up - down) / (2 * h), 1e-8) << "parameter " << i;
  }
  for (std::int64_t i = 0; i < x.numel(); ++i) {
    Tensor<double> moved = x;
    moved[i] += h;
    const double up = loss(moved);
    moved[i] -= 2 * h;
    EXPECT_NEAR(grad_x[i], (up - loss(moved)) / (2 * h), 1e-8) << "input " << i;
  }
}

TEST(Linear, BackwardAccumulatesIntoExistingGradients) {
  Parameters<float> params;
  elman::nn::Linear<float> layer(params, "", 1, 1);
  const Tensor<float> x({1, 1}, std::vector<float>{2.0f});
  const Tensor<float> g({1, 1}, std::vector<float>{3.0f});
  layer.backward(params, x, g);
  layer.backward(params, x, g);
  EXPECT_EQ(params.grad(layer.weight_index())[0], 12.0f);
  EXPECT_EQ(params.grad(layer.bias_index())[0], 6.0f);
}

TEST(Linear, RejectsAnInputWithTheWrongWidth) {
  Parameters<float> params;
  elman::nn::Linear<float> layer(params, "head.", 4, 1);
  try {
    layer.forward(params, Tensor<float>({2, 3}));
    FAIL() << "expected an error";
  } catch (const elman::Error& e) {
    EXPECT_STREQ(e.what(), "head.: Linear expected input of shape (N, 4), got (2, 3)");
  }
}

}  // namespace
