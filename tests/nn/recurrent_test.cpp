// Recurrent<T>: configuration checks, parameter names, initialisation, layouts, dropout and error messages.
// (Numbers against PyTorch: torch_parity_test.cpp; gradients: recurrent_gradcheck_test.cpp.)
#include "elman/nn/recurrent.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace elman::nn {
namespace {

using testing::ElementsAre;

RecurrentConfig lstm_config() {
  RecurrentConfig config;
  config.mode = Mode::Lstm;
  config.input_size = 3;
  config.hidden_size = 4;
  return config;
}

Tensor<double> random_tensor(Shape shape, std::uint64_t seed) {
  Rng rng(seed);
  Tensor<double> t(std::move(shape));
  for (auto& x : t.span()) x = rng.normal();
  return t;
}

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(RecurrentConfig, RejectsProjectionForModesOtherThanLstm) {
  RecurrentConfig config = lstm_config();
  config.mode = Mode::Gru;
  config.proj_size = 2;
  EXPECT_EQ(error_of([&] { config.validate(); }),
            "proj_size: only LSTM supports a projection, got proj_size 2 for mode GRU");
}

TEST(RecurrentConfig, RejectsProjectionNotSmallerThanHiddenSize) {
  RecurrentConfig config = lstm_config();
  config.proj_size = 4;
  EXPECT_EQ(error_of([&] { config.validate(); }), "proj_size: expected a value smaller than hidden_size 4, got 4");
}

TEST(RecurrentConfig, RejectsDropoutOutsideZeroToOne) {
  RecurrentConfig config = lstm_config();
  config.dropout = 1.5;
  EXPECT_EQ(error_of([&] { config.validate(); }),
            "dropout: expected a probability in [0, 1] of zeroing an element, got 1.5");
}

TEST(RecurrentConfig, ParsesTorchModeNames) {
  EXPECT_EQ(parse_mode("RNN_RELU"), Mode::RnnRelu);
  EXPECT_EQ(parse_mode("lstm"), Mode::Lstm);
  EXPECT_EQ(mode_name(Mode::Gru), "GRU");
  EXPECT_EQ(error_of([] { parse_mode("transformer"); }),
            "mode: expected one of RNN_TANH, RNN_RELU, LSTM, GRU, got 'transformer'");
}

TEST(Recurrent, RegistersParametersUnderStateDictNamesInTorchOrder) {
  RecurrentConfig config = lstm_config();
  config.num_layers = 2;
  config.bidirectional = true;
  config.proj_size = 2;
  Parameters<float> params;
  Recurrent<float> rnn(config, params, "rnn.");
  std::vector<std::string> names;
  for (std::size_t i = 0; i < params.count(); ++i) names.push_back(params.name(i) + to_string(params.shape(i)));
  EXPECT_THAT(
      names,
      ElementsAre("rnn.weight_ih_l0(16, 3)", "rnn.weight_hh_l0(16, 2)", "rnn.bias_ih_l0(16,)", "rnn.bias_hh_l0(16,)",
                  "rnn.weight_hr_l0(2, 4)", "rnn.weight_ih_l0_reverse(16, 3)", "rnn.weight_hh_l0_reverse(16, 2)",
                  "rnn.bias_ih_l0_reverse(16,)", "rnn.bias_hh_l0_reverse(16,)", "rnn.weight_hr_l0_reverse(2, 4)",
                  "rnn.weight_ih_l1(16, 4)", "rnn.weight_hh_l1(16, 2)", "rnn.bias_ih_l1(16,)", "rnn.bias_hh_l1(16,)",
                  "rnn.weight_hr_l1(2, 4)", "rnn.weight_ih_l1_reverse(16, 4)", "rnn.weight_hh_l1_reverse(16, 2)",
                  "rnn.bias_ih_l1_reverse(16,)", "rnn.bias_hh_l1_reverse(16,)", "rnn.weight_hr_l1_reverse(2, 4)"));
}

TEST(Recurrent, ResetParametersDrawsEveryValueWithinOneOverSqrtHiddenSize) {
  RecurrentConfig config = lstm_config();
  config.proj_size = 1;
  Parameters<double> a, b;
  Recurrent<double> first(config, a), second(config, b);
  Rng rng_a(5), rng_b(5);
  first.reset_parameters(a, rng_a);
  second.reset_parameters(b, rng_b);
  EXPECT_TRUE(std::equal(a.values().begin(), a.values().end(), b.values().begin()));  // same seed, same values
  for (std::size_t p = 0; p < a.count(); ++p) {
    double largest = 0;
    for (double x : a.value(p)) largest = std::max(largest, std::abs(x));
    EXPECT_LE(largest, 0.5) << a.name(p);  // 1/√4
    EXPECT_GT(largest, 0.2) << a.name(p);
  }
}

TEST(Recurrent, ReverseDirectionFinalStateIsItsOutputAtTheFirstStep) {
  RecurrentConfig config = lstm_config();
  config.mode = Mode::Gru;
  config.bidirectional = true;
  Parameters<double> params;
  Recurrent<double> rnn(config, params);
  Rng rng(1);
  rnn.reset_parameters(params, rng);
  RecurrentCache<double> cache;
  const auto out = rnn.forward(params, random_tensor({5, 2, 3}, 2), cache);  // output (5, 2, 8), h_n (2, 2, 4)
  for (std::int64_t n = 0; n < 2; ++n)
    for (std::int64_t j = 0; j < 4; ++j) {
      EXPECT_EQ(out.h_n[(0 * 2 + n) * 4 + j], out.output[(4 * 2 + n) * 8 + j]);
      EXPECT_EQ(out.h_n[(1 * 2 + n) * 4 + j], out.output[(0 * 2 + n) * 8 + 4 + j]);
    }
}

TEST(Recurrent, BatchFirstAndUnbatchedInputsGiveTheSameNumbersAsTimeMajor) {
  RecurrentConfig config = lstm_config();
  Parameters<double> params;
  Recurrent<double> rnn(config, params);
  Rng rng(1);
  rnn.reset_parameters(params, rng);
  const Tensor<double> sequence = random_tensor({4, 3}, 3);  // (T, I)
  Tensor<double> time_major = sequence;
  time_major.reshape({4, 1, 3});
  Tensor<double> batch_first = sequence;
  batch_first.reshape({1, 4, 3});
  RecurrentCache<double> cache;
  const auto a = rnn.forward(params, time_major, cache);
  const auto b = rnn.forward(params, sequence, cache);
  RecurrentConfig bf = config;
  bf.batch_first = true;
  Parameters<double> bf_params;
  Recurrent<double> bf_rnn(bf, bf_params);
  std::copy(params.values().begin(), params.values().end(), bf_params.values().begin());
  const auto c = bf_rnn.forward(bf_params, batch_first, cache);
  EXPECT_EQ(b.output.shape(), (Shape{4, 4}));
  EXPECT_EQ(b.h_n.shape(), (Shape{1, 4}));
  EXPECT_EQ(c.output.shape(), (Shape{1, 4, 4}));
  EXPECT_TRUE(std::equal(a.output.span().begin(), a.output.span().end(), b.output.span().begin()));
  EXPECT_TRUE(std::equal(a.output.span().begin(), a.output.span().end(), c.output.span().begin()));
  EXPECT_TRUE(std::equal(a.c_n.span().begin(), a.c_n.span().end(), b.c_n.span().begin()));
}

TEST(Recurrent, EvaluationIgnoresDropoutAndTrainingDropoutFollowsTheSeed) {
  RecurrentConfig config = lstm_config();
  config.num_layers = 2;
  Parameters<double> params;
  Recurrent<double> plain(config, params);
  config.dropout = 0.5;
  Recurrent<double> dropped(config, params, "copy.");
  Rng rng(1);
  plain.reset_parameters(params, rng);
  const std::size_t half = params.count() / 2;  // the second layer's tensors take the first one's values
  for (std::size_t p = 0; p < half; ++p)
    std::copy(params.value(p).begin(), params.value(p).end(), params.value(p + half).begin());
  const Tensor<double> input = random_tensor({3, 2, 3}, 4);
  RecurrentCache<double> cache;
  Rng seed_a(9), seed_b(9), seed_c(10);
  const auto evaluation = dropped.forward(params, input, cache, nullptr, nullptr, false, &seed_a);
  const auto reference = plain.forward(params, input, cache);
  EXPECT_TRUE(
      std::equal(evaluation.output.span().begin(), evaluation.output.span().end(), reference.output.span().begin()));
  const auto train_a = dropped.forward(params, input, cache, nullptr, nullptr, true, &seed_b);
  Rng seed_b_again(9);
  const auto train_b = dropped.forward(params, input, cache, nullptr, nullptr, true, &seed_b_again);
  const auto train_c = dropped.forward(params, input, cache, nullptr, nullptr, true, &seed_c);
  EXPECT_TRUE(std::equal(train_a.output.span().begin(), train_a.output.span().end(), train_b.output.span().begin()));
  EXPECT_FALSE(std::equal(train_a.output.span().begin(), train_a.output.span().end(), train_c.output.span().begin()));
  EXPECT_FALSE(std::equal(train_a.output.span().begin(), train_a.output.span().end(), reference.output.span().begin()));
}

TEST(Recurrent, BackwardAccumulatesParameterGradients) {
  Parameters<double> params;
  Recurrent<double> rnn(lstm_config(), params);
  Rng rng(1);
  rnn.reset_parameters(params, rng);
  RecurrentCache<double> cache;
  rnn.forward(params, random_tensor({3, 2, 3}, 4), cache);
  const Tensor<double> grad_output = random_tensor({3, 2, 4}, 5);
  rnn.backward(params, cache, grad_output);
  const std::vector<double> once(params.grads().begin(), params.grads().end());
  rnn.backward(params, cache, grad_output);
  // The second pass adds its terms one by one into the first pass's sums (as PyTorch's accumulation does), so the
  // total equals twice one pass up to rounding, not bit for bit.
  for (std::size_t i = 0; i < once.size(); ++i)
    EXPECT_NEAR(params.grads()[i], 2 * once[i], 1e-14 * std::max(1.0, std::abs(once[i])));
  params.zero_grad();
  EXPECT_TRUE(std::all_of(params.grads().begin(), params.grads().end(), [](double g) { return g == 0; }));
}

TEST(Recurrent, RejectsInitialStatesThatDoNotFitTheInput) {
  RecurrentConfig config = lstm_config();
  config.num_layers = 2;
  Parameters<double> params;
  Recurrent<double> rnn(config, params);
  RecurrentCache<double> cache;
  const Tensor<double> input({5, 3, 3});
  const Tensor<double> h0_wide({2, 3, 5}), h0_unbatched({2, 4}), c0({2, 3, 4});
  EXPECT_EQ(error_of([&] { rnn.forward(params, input, cache, &h0_wide); }),
            "h0: expected hidden size (2, 3, 4), got (2, 3, 5)");
  EXPECT_EQ(error_of([&] { rnn.forward(params, input, cache, &h0_unbatched); }),
            "h0: for batched 3-D input, expected a 3-D tensor, got a 2-D tensor of shape (2, 4)");
  EXPECT_EQ(error_of([&] {
              rnn.forward(params, Tensor<double>({5, 2}), cache);
            }),
            "input: expected input_size 3 in the last dimension, got shape (5, 2)");
  EXPECT_EQ(error_of([&] { rnn.forward(params, Tensor<double>({5}), cache); }),
            "input: expected a 2-D (unbatched) or 3-D (batched) tensor, got a 1-D tensor of shape (5,)");
  config.mode = Mode::Gru;
  Parameters<double> gru_params;
  Recurrent<double> gru(config, gru_params);
  EXPECT_EQ(error_of([&] { gru.forward(gru_params, input, cache, nullptr, &c0); }),
            "c0: only LSTM has a cell state, this layer is GRU");
}

TEST(Recurrent, RejectsGradientsThatDoNotFitTheOutput) {
  Parameters<double> params;
  Recurrent<double> rnn(lstm_config(), params);
  RecurrentCache<double> cache;
  EXPECT_EQ(error_of([&] {
              rnn.backward(params, cache, Tensor<double>({2, 1, 4}));
            }),
            "recurrent backward: called without a forward pass filling the cache");
  rnn.forward(params, Tensor<double>({2, 1, 3}), cache);
  EXPECT_EQ(error_of([&] {
              rnn.backward(params, cache, Tensor<double>({2, 4}));
            }),
            "grad_output: expected shape (2, 1, 4) (as output), got (2, 4)");
  const Tensor<double> grad_c_n({1, 1, 5});
  EXPECT_EQ(error_of([&] {
              rnn.backward(params, cache, Tensor<double>({2, 1, 4}), nullptr, &grad_c_n);
            }),
            "grad_c_n: expected hidden size (1, 1, 4), got (1, 1, 5)");
}

}  // namespace
}  // namespace elman::nn
