// Analytic gradients of Recurrent<double> and Cell<double> against central finite differences, for every mode
// and option, on small sizes (a table of cases, as ggml's test-backend-ops). The loss is
//   L = sum(w ⊙ output) + sum(v ⊙ h_n) + sum(u ⊙ c_n)
// with random w, v, u, so that grad_output = w, grad_h_n = v, grad_c_n = u.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "elman/nn/cell.hpp"
#include "elman/nn/recurrent.hpp"

namespace elman::nn {
namespace {

constexpr double kStep = 1e-6;
constexpr double kAbsTolerance = 1e-7;
constexpr double kRelTolerance = 1e-6;

struct GradCase {
  std::string name;
  Mode mode;
  std::int64_t input_size = 3, hidden_size = 4, num_layers = 1;
  bool bidirectional = false;
  std::int64_t proj_size = 0;
  bool bias = true, batch_first = false, unbatched = false;
  std::int64_t steps = 3, batch = 2;
  bool h0 = true, c0 = true, grad_h_n = true, grad_c_n = true;
  double dropout = 0.0;  // applied in training mode with a fixed seed, so the mask is the same in every pass
};

// gtest prints a failing parameter with this instead of its bytes.
void PrintTo(const GradCase& c, std::ostream* os) { *os << c.name; }

Tensor<double> random_tensor(Shape shape, Rng& rng) {
  Tensor<double> t(std::move(shape));
  for (auto& x : t.span()) x = rng.normal();
  return t;
}

double dot(const Tensor<double>& a, const Tensor<double>& b) {
  double sum = 0;
  for (std::int64_t i = 0; i < a.numel(); ++i) sum += a[i] * b[i];
  return sum;
}

// Central difference of `loss` in each element of `values`, compared with `analytic`.
void expect_matches_finite_differences(const std::string& what, std::span<double> values,
                                       std::span<const double> analytic, const std::function<double()>& loss) {
  ASSERT_EQ(values.size(), analytic.size()) << what;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double saved = values[i];
    values[i] = saved + kStep;
    const double up = loss();
    values[i] = saved - kStep;
    const double down = loss();
    values[i] = saved;
    const double numeric = (up - down) / (2 * kStep);
    EXPECT_NEAR(analytic[i], numeric, kAbsTolerance + kRelTolerance * std::abs(numeric)) << what << "[" << i << "]";
  }
}

class RecurrentGradient : public testing::TestWithParam<GradCase> {};

TEST_P(RecurrentGradient, MatchesCentralFiniteDifferences) {
  const GradCase& c = GetParam();
  RecurrentConfig config{c.mode,        c.input_size, c.hidden_size,   c.num_layers, c.bias,
                         c.batch_first, c.dropout,    c.bidirectional, c.proj_size};
  Parameters<double> params;
  Recurrent<double> rnn(config, params, "rnn.");
  Rng rng(7);
  rnn.reset_parameters(params, rng);
  const bool lstm = c.mode == Mode::Lstm;
  const std::int64_t states = config.directions() * c.num_layers, width = config.directions() * config.output_size();
  const Shape in_shape = c.unbatched     ? Shape{c.steps, c.input_size}
                         : c.batch_first ? Shape{c.batch, c.steps, c.input_size}
                                         : Shape{c.steps, c.batch, c.input_size};
  const Shape out_shape = c.unbatched     ? Shape{c.steps, width}
                          : c.batch_first ? Shape{c.batch, c.steps, width}
                                          : Shape{c.steps, c.batch, width};
  auto state_shape = [&](std::int64_t size) {
    return c.unbatched ? Shape{states, size} : Shape{states, c.batch, size};
  };
  Tensor<double> input = random_tensor(in_shape, rng);
  Tensor<double> h0 = random_tensor(state_shape(config.output_size()), rng);
  Tensor<double> c0 = random_tensor(state_shape(c.hidden_size), rng);
  const Tensor<double> w = random_tensor(out_shape, rng);
  const Tensor<double> v = random_tensor(state_shape(config.output_size()), rng);
  const Tensor<double> u = random_tensor(state_shape(c.hidden_size), rng);
  const bool training = c.dropout > 0;
  const Tensor<double>* h0_arg = c.h0 ? &h0 : nullptr;
  const Tensor<double>* c0_arg = lstm && c.c0 ? &c0 : nullptr;
  const Tensor<double>* v_arg = c.grad_h_n ? &v : nullptr;
  const Tensor<double>* u_arg = lstm && c.grad_c_n ? &u : nullptr;

  RecurrentCache<double> cache;
  auto loss = [&] {
    Rng dropout_rng(99);
    const auto out = rnn.forward(params, input, cache, h0_arg, c0_arg, training, &dropout_rng);
    return dot(w, out.output) + (v_arg ? dot(v, out.h_n) : 0.0) + (u_arg ? dot(u, out.c_n) : 0.0);
  };
  loss();
  params.zero_grad();
  const auto grads = rnn.backward(params, cache, w, v_arg, u_arg);

  for (std::size_t p = 0; p < params.count(); ++p)
    expect_matches_finite_differences(params.name(p), params.value(p), params.grad(p), loss);
  expect_matches_finite_differences("input", input.span(), grads.input.span(), loss);
  if (h0_arg) {
    expect_matches_finite_differences("h0", h0.span(), grads.h0.span(), loss);
  } else {
    EXPECT_TRUE(grads.h0.empty());
  }
  if (c0_arg) {
    expect_matches_finite_differences("c0", c0.span(), grads.c0.span(), loss);
  } else {
    EXPECT_TRUE(grads.c0.empty());
  }
}

// Every mode with every option once, and a few combinations.
std::vector<GradCase> recurrent_cases() {
  std::vector<GradCase> cases;
  const std::pair<Mode, const char*> modes[] = {
      {Mode::RnnTanh, "RnnTanh"}, {Mode::RnnRelu, "RnnRelu"}, {Mode::Lstm, "Lstm"}, {Mode::Gru, "Gru"}};
  for (const auto& [mode, name] : modes) {
    const std::string m = name;
    cases.push_back({.name = m + "Plain", .mode = mode});
    cases.push_back({.name = m + "TwoLayers", .mode = mode, .num_layers = 2});
    cases.push_back({.name = m + "Bidirectional", .mode = mode, .bidirectional = true});
    cases.push_back({.name = m + "TwoLayersBidirectional", .mode = mode, .num_layers = 2, .bidirectional = true});
    cases.push_back({.name = m + "NoBias", .mode = mode, .num_layers = 2, .bias = false});
    cases.push_back({.name = m + "BatchFirst", .mode = mode, .bidirectional = true, .batch_first = true});
    cases.push_back({.name = m + "Unbatched", .mode = mode, .num_layers = 2, .bidirectional = true, .unbatched = true});
    cases.push_back({.name = m + "WithoutStatesOrStateGradients",
                     .mode = mode,
                     .num_layers = 2,
                     .h0 = false,
                     .c0 = false,
                     .grad_h_n = false,
                     .grad_c_n = false});
    cases.push_back(
        {.name = m + "TrainingDropout", .mode = mode, .num_layers = 3, .bidirectional = true, .dropout = 0.4});
    cases.push_back({.name = m + "SizeOne",
                     .mode = mode,
                     .input_size = 1,
                     .hidden_size = 1,
                     .num_layers = 2,
                     .steps = 4,
                     .batch = 1});
  }
  cases.push_back({.name = "LstmProjection", .mode = Mode::Lstm, .hidden_size = 5, .proj_size = 2});
  cases.push_back({.name = "LstmProjectionTwoLayersBidirectional",
                   .mode = Mode::Lstm,
                   .hidden_size = 5,
                   .num_layers = 2,
                   .bidirectional = true,
                   .proj_size = 3});
  cases.push_back({.name = "LstmProjectionNoBiasBatchFirst",
                   .mode = Mode::Lstm,
                   .hidden_size = 4,
                   .num_layers = 2,
                   .proj_size = 1,
                   .bias = false,
                   .batch_first = true});
  cases.push_back({.name = "LstmProjectionUnbatchedOnlyCellStateGiven",
                   .mode = Mode::Lstm,
                   .hidden_size = 3,
                   .proj_size = 2,
                   .unbatched = true,
                   .h0 = false,
                   .grad_h_n = false});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(AllModesAndOptions, RecurrentGradient, testing::ValuesIn(recurrent_cases()),
                         [](const testing::TestParamInfo<GradCase>& info) { return info.param.name; });

struct CellCase {
  std::string name;
  Mode mode;
  bool bias = true, unbatched = false, state = true;
};

void PrintTo(const CellCase& c, std::ostream* os) { *os << c.name; }

class CellGradient : public testing::TestWithParam<CellCase> {};

TEST_P(CellGradient, MatchesCentralFiniteDifferences) {
  const CellCase& c = GetParam();
  Parameters<double> params;
  Cell<double> cell({c.mode, 3, 4, c.bias}, params, "cell.");
  Rng rng(3);
  cell.reset_parameters(params, rng);
  const bool lstm = c.mode == Mode::Lstm;
  const Shape in_shape = c.unbatched ? Shape{3} : Shape{2, 3};
  const Shape state = c.unbatched ? Shape{4} : Shape{2, 4};
  Tensor<double> input = random_tensor(in_shape, rng), h = random_tensor(state, rng), cs = random_tensor(state, rng);
  const Tensor<double> v = random_tensor(state, rng), u = random_tensor(state, rng);
  const Tensor<double>* h_arg = c.state ? &h : nullptr;
  const Tensor<double>* c_arg = c.state && lstm ? &cs : nullptr;
  RecurrentCache<double> cache;
  auto loss = [&] {
    const auto out = cell.forward(params, input, cache, h_arg, c_arg);
    return dot(v, out.h) + (lstm ? dot(u, out.c) : 0.0);
  };
  loss();
  params.zero_grad();
  const auto grads = cell.backward(params, cache, &v, lstm ? &u : nullptr);
  for (std::size_t p = 0; p < params.count(); ++p)
    expect_matches_finite_differences(params.name(p), params.value(p), params.grad(p), loss);
  expect_matches_finite_differences("input", input.span(), grads.input.span(), loss);
  if (h_arg) expect_matches_finite_differences("h", h.span(), grads.h.span(), loss);
  if (c_arg) expect_matches_finite_differences("c", cs.span(), grads.c.span(), loss);
}

INSTANTIATE_TEST_SUITE_P(AllModes, CellGradient,
                         testing::Values(CellCase{"RnnTanh", Mode::RnnTanh}, CellCase{"RnnRelu", Mode::RnnRelu},
                                         CellCase{"Lstm", Mode::Lstm}, CellCase{"Gru", Mode::Gru},
                                         CellCase{"LstmUnbatchedNoBias", Mode::Lstm, false, true},
                                         CellCase{"GruUnbatchedWithoutState", Mode::Gru, true, true, false},
                                         CellCase{"RnnTanhNoBiasWithoutState", Mode::RnnTanh, false, false, false}),
                         [](const testing::TestParamInfo<CellCase>& info) { return info.param.name; });

}  // namespace
}  // namespace elman::nn
