// SequenceModel: shapes, names, layouts, and analytic gradients against central finite differences (double).
#include "elman/nn/sequence_model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace elman::nn {
namespace {

SequenceModelConfig small_config(Mode mode, bool batch_first, bool every_step, double dropout = 0.0,
                                 std::int64_t first_step = 0) {
  SequenceModelConfig config;
  config.rnn.mode = mode;
  config.rnn.input_size = 2;
  config.rnn.hidden_size = 3;
  config.rnn.num_layers = 2;
  config.rnn.batch_first = batch_first;
  config.output_size = 2;
  config.every_step = every_step;
  config.dropout = dropout;
  config.first_step = first_step;
  return config;
}

Tensor<double> random_tensor(Shape shape, std::uint64_t seed) {
  Tensor<double> t(std::move(shape));
  Rng rng(seed);
  for (auto& v : t.span()) v = rng.uniform(-1.0, 1.0);
  return t;
}

// L = sum(w ⊙ predictions) with fixed random w, so dL/dpredictions = w.
double weighted_sum(const Tensor<double>& predictions, const Tensor<double>& w) {
  double sum = 0.0;
  for (std::int64_t i = 0; i < predictions.numel(); ++i) sum += predictions[i] * w[i];
  return sum;
}

TEST(SequenceModel, RegistersRnnAndHeadParametersUnderStateDictNames) {
  SequenceModel<double> model(small_config(Mode::Gru, false, false));
  const Parameters<double>& params = model.parameters();
  std::vector<std::string> names;
  for (std::size_t i = 0; i < params.count(); ++i) names.push_back(params.name(i));
  EXPECT_EQ(names, (std::vector<std::string>{"rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
                                             "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1",
                                             "head.weight", "head.bias"}));
  EXPECT_EQ(params.shape(params.index("head.weight")), (Shape{2, 3}));
}

// A model with seed 1's weights: two configurations that differ only in the steps the head reads share every weight.
SequenceModel<double> seeded(const SequenceModelConfig& config) {
  SequenceModel<double> model(config);
  model.reset_parameters(1);
  return model;
}

// 4 sequences of 5 steps of 2 features, in the layout asked for.
Tensor<double> layout_input(bool batch_first) {
  return random_tensor(batch_first ? Shape{4, 5, 2} : Shape{5, 4, 2}, 7);
}

TEST(SequenceModel, ReadsTheLastStepOrEveryStepInTheInputsLayout) {
  for (bool batch_first : {false, true}) {
    SequenceModel<double> last = seeded(small_config(Mode::Lstm, batch_first, false));
    SequenceModel<double> every = seeded(small_config(Mode::Lstm, batch_first, true));
    const Tensor<double> x = layout_input(batch_first);
    SequenceModelCache<double> cache;
    const Tensor<double> y_last = last.forward(x, cache);
    const Tensor<double> y_every = every.forward(x, cache);
    EXPECT_EQ(y_last.shape(), (Shape{4, 2}));
    EXPECT_EQ(y_every.shape(), batch_first ? (Shape{4, 5, 2}) : (Shape{5, 4, 2}));
    // The same weights: every-step's prediction at t = T-1 is the last-step prediction.
    for (std::int64_t n = 0; n < 4; ++n)
      for (std::int64_t k = 0; k < 2; ++k) {
        const std::int64_t at = batch_first ? (n * 5 + 4) * 2 + k : (4 * 4 + n) * 2 + k;
        EXPECT_EQ(y_every[at], y_last[n * 2 + k]);
      }
  }
}

// out[:, 2:] (batch_first) or out[2:]: every step's prediction from the third on, the same values as every_step's.
TEST(SequenceModel, ReadsEveryStepFromTheFirstStepOn) {
  for (bool batch_first : {false, true}) {
    SequenceModel<double> every = seeded(small_config(Mode::Gru, batch_first, true));
    SequenceModel<double> forking = seeded(small_config(Mode::Gru, batch_first, true, 0.0, 2));
    const Tensor<double> x = layout_input(batch_first);
    SequenceModelCache<double> cache;
    const Tensor<double> y_every = every.forward(x, cache);
    const Tensor<double> y = forking.forward(x, cache);
    ASSERT_EQ(y.shape(), batch_first ? (Shape{4, 3, 2}) : (Shape{3, 4, 2}));
    for (std::int64_t n = 0; n < 4; ++n)
      for (std::int64_t t = 2; t < 5; ++t)
        for (std::int64_t k = 0; k < 2; ++k) {
          const std::int64_t from = batch_first ? (n * 5 + t) * 2 + k : (t * 4 + n) * 2 + k;
          const std::int64_t to = batch_first ? (n * 3 + t - 2) * 2 + k : ((t - 2) * 4 + n) * 2 + k;
          EXPECT_EQ(y[to], y_every[from]) << n << " " << t;
        }
    Tensor<double> sequence({5, 2});
    const std::int64_t n = 1;
    for (std::int64_t t = 0; t < 5; ++t)
      for (std::int64_t i = 0; i < 2; ++i)
        sequence[t * 2 + i] = x[batch_first ? (n * 5 + t) * 2 + i : (t * 4 + n) * 2 + i];
    const Tensor<double> one = forking.predict(sequence);
    ASSERT_EQ(one.shape(), (Shape{3, 2}));
    EXPECT_NEAR(one[2 * 2 + 1], y_every[batch_first ? (n * 5 + 4) * 2 + 1 : (4 * 4 + n) * 2 + 1], 1e-15);
  }
}

TEST(SequenceModel, RejectsAFirstStepWithoutEveryStepOrPastTheSequence) {
  try {
    SequenceModel<double> model(small_config(Mode::Gru, true, false, 0.0, 2));
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "SequenceModel: first_step 2 needs every_step (the head reads the last step only)");
  }
  SequenceModel<double> model(small_config(Mode::Gru, true, true, 0.0, 5));
  SequenceModelCache<double> cache;
  try {
    model.forward(random_tensor({3, 5, 2}, 1), cache);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "SequenceModel: first_step 5 needs sequences longer than that, got 5 steps");
  }
}

TEST(SequenceModel, PredictMatchesABatchOfOne) {
  SequenceModel<double> model(small_config(Mode::Gru, true, false));
  model.reset_parameters(3);
  const Tensor<double> sequence = random_tensor({6, 2}, 9);
  Tensor<double> batch = sequence;
  batch.reshape({1, 6, 2});
  SequenceModelCache<double> cache;
  const Tensor<double> expected = model.forward(batch, cache);
  const Tensor<double> got = model.predict(sequence);
  ASSERT_EQ(got.shape(), (Shape{2}));
  EXPECT_EQ(got[0], expected[0]);
  EXPECT_EQ(got[1], expected[1]);
}

TEST(SequenceModel, RejectsAnUnbatchedInputInForward) {
  SequenceModel<double> model(small_config(Mode::Gru, true, false));
  SequenceModelCache<double> cache;
  try {
    model.forward(Tensor<double>({6, 2}), cache);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "SequenceModel: expected a batched input of shape (N, T, I) with I = 2, got (6, 2)");
  }
}

TEST(SequenceModel, DropoutNeedsAGeneratorAndIsOffInEvaluation) {
  SequenceModel<double> model(small_config(Mode::Gru, true, false, 0.5));
  model.reset_parameters(3);
  const Tensor<double> x = random_tensor({3, 4, 2}, 5);
  SequenceModelCache<double> cache;
  EXPECT_THROW(model.forward(x, cache, true), Error);
  Rng a(11), b(11);
  const Tensor<double> first = model.forward(x, cache, true, &a);
  EXPECT_EQ(first.span()[0], model.forward(x, cache, true, &b).span()[0]);
  const Tensor<double> evaluation = model.forward(x, cache, false);
  EXPECT_TRUE(cache.dropout_mask.empty());
  EXPECT_NE(first.span()[0], evaluation.span()[0]);
}

void expect_gradients_match_finite_differences(SequenceModelConfig config) {
  SequenceModel<double> model(config);
  model.reset_parameters(42);
  const Shape x_shape = config.rnn.batch_first ? Shape{3, 4, 2} : Shape{4, 3, 2};
  const Tensor<double> x = random_tensor(x_shape, 1);
  SequenceModelCache<double> cache;
  Rng mask_rng(5);
  const Tensor<double> y = model.forward(x, cache, true, &mask_rng);
  const Tensor<double> w = random_tensor(y.shape(), 2);
  model.zero_grad();
  model.backward(cache, w);
  const std::vector<double> analytic(model.grads().begin(), model.grads().end());
  // Same dropout masks in every evaluation: the generator restarts from the same seed.
  const auto loss = [&] {
    Rng rng(5);
    SequenceModelCache<double> c;
    return weighted_sum(model.forward(x, c, true, &rng), w);
  };
  const double h = 1e-6;
  auto values = model.values();
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double saved = values[i];
    values[i] = saved + h;
    const double plus = loss();
    values[i] = saved - h;
    const double minus = loss();
    values[i] = saved;
    EXPECT_NEAR(analytic[i], (plus - minus) / (2 * h), 1e-7) << "value " << i;
  }
}

TEST(SequenceModel, GradientsMatchFiniteDifferencesForTheLastStep) {
  expect_gradients_match_finite_differences(small_config(Mode::Lstm, false, false));
  expect_gradients_match_finite_differences(small_config(Mode::Gru, true, false, 0.3));
}

TEST(SequenceModel, GradientsMatchFiniteDifferencesForEveryStep) {
  expect_gradients_match_finite_differences(small_config(Mode::RnnTanh, false, true, 0.3));
  expect_gradients_match_finite_differences(small_config(Mode::Gru, true, true));
}

TEST(SequenceModel, GradientsMatchFiniteDifferencesFromTheFirstStepOn) {
  expect_gradients_match_finite_differences(small_config(Mode::Lstm, false, true, 0.3, 2));
  expect_gradients_match_finite_differences(small_config(Mode::Gru, true, true, 0.0, 1));
}

}  // namespace
}  // namespace elman::nn
