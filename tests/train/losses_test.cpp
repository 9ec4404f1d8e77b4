#include "elman/train/losses.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "elman/core/error.hpp"
#include "train/train_fixtures.hpp"

namespace {

using elman::train::Reduction;
using elman::train::testing::kRelativeTolerance;
using elman::train::testing::load_fixture;
using elman::train::testing::near_relative;
using elman::train::testing::to_vector;

const nlohmann::json& loss_cases() {
  static const nlohmann::json cases = load_fixture("losses.json");
  return cases;
}

// Runs the loss a fixture case names on its inputs; writes the gradients.
template <typename T>
T run_loss(const nlohmann::json& c, const std::vector<T>& input, const std::vector<T>& target,
           const std::vector<T>& var, std::vector<T>& grad_input, std::vector<T>& grad_var) {
  const std::string name = c["loss"];
  const Reduction reduction = elman::train::parse_reduction(c["reduction"].get<std::string>());
  const auto& o = c["options"];
  std::span<const T> x(input), y(target);
  if (name == "mse") return elman::train::mse_loss<T>(x, y, grad_input, reduction);
  if (name == "l1") return elman::train::l1_loss<T>(x, y, grad_input, reduction);
  if (name == "huber") return elman::train::huber_loss<T>(x, y, grad_input, reduction, T(o["delta"].get<double>()));
  if (name == "smooth_l1")
    return elman::train::smooth_l1_loss<T>(x, y, grad_input, reduction, T(o["beta"].get<double>()));
  if (name == "gaussian_nll")
    return elman::train::gaussian_nll_loss<T>(x, y, var, grad_input, grad_var, reduction, o["full"].get<bool>(),
                                              T(o["eps"].get<double>()));
  const auto quantiles = to_vector<T>(o["quantiles"]);
  return elman::train::quantile_loss<T>(x, y, quantiles, grad_input, reduction);
}

template <typename T>
void check_case(const nlohmann::json& c) {
  const auto input = to_vector<T>(c["input"]);
  const auto target = to_vector<T>(c["target"]);
  const auto var = c.contains("var") ? to_vector<T>(c["var"]) : std::vector<T>();
  std::vector<T> grad_input(input.size()), grad_var(var.size());
  const T value = run_loss<T>(c, input, target, var, grad_input, grad_var);
  const double rtol = kRelativeTolerance<T>;
  EXPECT_TRUE(near_relative(double(value), c["value"].get<double>(), rtol));
  EXPECT_TRUE(near_relative<T>(grad_input, to_vector<T>(c["grad_input"]), rtol));
  if (!var.empty()) {
    EXPECT_TRUE(near_relative<T>(grad_var, to_vector<T>(c["grad_var"]), rtol));
  }
}

class LossFixture : public ::testing::TestWithParam<std::size_t> {};

TEST_P(LossFixture, MatchesPyTorchValueAndGradient) {
  const auto& c = loss_cases().at(GetParam());
  SCOPED_TRACE(c.dump().substr(0, 120));
  if (c["dtype"] == "float64") {
    check_case<double>(c);
  } else {
    check_case<float>(c);
  }
}

std::string case_name(const ::testing::TestParamInfo<std::size_t>& info) {
  const auto& c = loss_cases().at(info.param);
  std::string name = c["loss"].get<std::string>() + "_" + c["reduction"].get<std::string>() + "_" +
                     c["dtype"].get<std::string>() + "_" + std::to_string(info.param);
  return name;
}

INSTANTIATE_TEST_SUITE_P(PyTorch, LossFixture, ::testing::Range<std::size_t>(0, loss_cases().size()), case_name);

// Central differences of a loss of the input alone, at points away from its kinks.
void expect_gradient_matches_finite_differences(
    const std::function<double(std::span<const double>, std::span<double>)>& loss, std::vector<double> x) {
  std::vector<double> grad(x.size()), unused(x.size());
  loss(x, grad);
  const double h = 1e-6;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double saved = x[i];
    x[i] = saved + h;
    const double up = loss(x, unused);
    x[i] = saved - h;
    const double down = loss(x, unused);
    x[i] = saved;
    EXPECT_NEAR(grad[i], (up - down) / (2 * h), 1e-8) << "element " << i;
  }
}

const std::vector<double> kTarget = {0.3, -0.2, 1.1, 0.7, -1.4, 0.05};
const std::vector<double> kPoint = {0.9, -0.9, 0.2, 0.75, 1.0, -0.6};

TEST(Losses, GradientsMatchFiniteDifferencesAwayFromKinks) {
  using elman::train::Reduction;
  const std::span<const double> y(kTarget);
  expect_gradient_matches_finite_differences([&](auto x, auto g) { return elman::train::mse_loss<double>(x, y, g); },
                                             kPoint);
  expect_gradient_matches_finite_differences(
      [&](auto x, auto g) { return elman::train::l1_loss<double>(x, y, g, Reduction::kSum); }, kPoint);
  expect_gradient_matches_finite_differences(
      [&](auto x, auto g) { return elman::train::huber_loss<double>(x, y, g, Reduction::kMean, 0.5); }, kPoint);
  expect_gradient_matches_finite_differences(
      [&](auto x, auto g) { return elman::train::smooth_l1_loss<double>(x, y, g, Reduction::kSum, 0.8); }, kPoint);
  const std::vector<double> q = {0.25, 0.75};
  const std::vector<double> y3 = {0.1, 0.5, -0.3};
  expect_gradient_matches_finite_differences(
      [&](auto x, auto g) { return elman::train::quantile_loss<double>(x, y3, q, g); }, kPoint);
}

TEST(Losses, GaussianNllGradientsMatchFiniteDifferencesInMeanAndVariance) {
  const std::vector<double> var = {0.5, 1.5, 0.2, 2.0, 0.9, 0.3};
  std::vector<double> unused(var.size());
  expect_gradient_matches_finite_differences(
      [&](auto x, auto g) {
        return elman::train::gaussian_nll_loss<double>(x, kTarget, var, g, unused, Reduction::kMean, true);
      },
      kPoint);
  expect_gradient_matches_finite_differences(
      [&](auto v, auto g) {
        return elman::train::gaussian_nll_loss<double>(kPoint, kTarget, v, unused, g, Reduction::kSum);
      },
      var);
}

TEST(Losses, L1GivesZeroGradientAtATieAsPyTorch) {
  const std::vector<double> x = {1.0, 2.0}, y = {1.0, 3.0};
  std::vector<double> grad(2);
  EXPECT_EQ(elman::train::l1_loss<double>(x, y, grad), 0.5);
  EXPECT_EQ(grad, (std::vector<double>{0.0, -0.5}));
}

TEST(Losses, HuberUsesTheQuadraticGradientAtExactlyDelta) {
  const std::vector<double> x = {0.5, -0.5}, y = {0.0, 0.0};
  std::vector<double> grad(2);
  EXPECT_EQ(elman::train::huber_loss<double>(x, y, grad, Reduction::kSum, 0.5), 0.25);
  EXPECT_EQ(grad, (std::vector<double>{0.5, -0.5}));
}

TEST(Losses, SmoothL1WithBetaZeroGivesMinusOneAtATieAsAten) {
  const std::vector<double> x = {1.0, 2.0}, y = {1.0, 1.5};
  std::vector<double> grad(2);
  EXPECT_EQ(elman::train::smooth_l1_loss<double>(x, y, grad, Reduction::kSum, 0.0), 0.5);
  EXPECT_EQ(grad, (std::vector<double>{-1.0, 1.0}));
}

TEST(Losses, QuantileSplitsTheGradientAtATie) {
  const std::vector<double> x = {1.0, 1.0}, y = {1.0}, q = {0.1, 0.9};
  std::vector<double> grad(2);
  EXPECT_EQ(elman::train::quantile_loss<double>(x, y, q, grad, Reduction::kSum), 0.0);
  EXPECT_DOUBLE_EQ(grad[0], 0.4);
  EXPECT_DOUBLE_EQ(grad[1], -0.4);
}

TEST(Losses, GaussianNllRejectsANegativeVariance) {
  const std::vector<double> x = {1.0, 2.0}, y = {1.0, 3.0}, var = {1.0, -0.5};
  try {
    elman::train::gaussian_nll_loss<double>(x, y, var, {}, {});
    FAIL() << "expected an error";
  } catch (const elman::Error& e) {
    EXPECT_STREQ(e.what(), "gaussian_nll_loss: expected var >= 0, got -0.5 at element 1");
  }
}

TEST(Losses, RejectsATargetOfAnotherSize) {
  const std::vector<double> x = {1.0, 2.0}, y = {1.0};
  try {
    elman::train::mse_loss<double>(x, y, {});
    FAIL() << "expected an error";
  } catch (const elman::Error& e) {
    EXPECT_STREQ(e.what(), "mse_loss: expected target with 2 elements like the input, got 1");
  }
}

TEST(Losses, ParsesReductionNamesAndRejectsOthers) {
  EXPECT_EQ(elman::train::parse_reduction("sum"), Reduction::kSum);
  EXPECT_EQ(elman::train::parse_reduction("mean"), Reduction::kMean);
  try {
    elman::train::parse_reduction("none");
    FAIL() << "expected an error";
  } catch (const elman::Error& e) {
    EXPECT_STREQ(e.what(), "reduction: expected 'mean' or 'sum', got 'none'");
  }
}

}  // namespace
