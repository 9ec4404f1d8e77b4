// A RecurrentCache / SequenceModelCache reused across calls (as training loops and the bench do) must give the
// same bits as a fresh one, whatever the previous call's shapes, options and initial states were: forward keeps
// the cache's buffers and overwrites them, the driver's work buffers are per-thread scratch.
#include <gtest/gtest.h>

#include <vector>

#include "elman/nn/recurrent.hpp"
#include "elman/nn/sequence_model.hpp"

namespace elman::nn {
namespace {

Tensor<float> random_tensor(Shape shape, Rng& rng) {
  Tensor<float> t(std::move(shape));
  for (auto& x : t.span()) x = float(rng.normal());
  return t;
}

struct Pass {
  std::vector<float> output, h_n, c_n, grad_input, grad_h0, grad_c0, grads;
};

// One forward + backward of `layer` on a batch of `batch` sequences; h0/c0 given when `states`.
Pass run(const Recurrent<float>& layer, Parameters<float>& params, RecurrentCache<float>& cache, std::int64_t steps,
         std::int64_t batch, bool states, std::uint64_t seed) {
  const RecurrentConfig& c = layer.config();
  Rng rng(seed);
  const Shape in_shape = c.batch_first ? Shape{batch, steps, c.input_size} : Shape{steps, batch, c.input_size};
  const Tensor<float> input = random_tensor(in_shape, rng);
  const std::int64_t count = c.directions() * c.num_layers;
  const Tensor<float> h0 = random_tensor({count, batch, c.output_size()}, rng);
  const Tensor<float> c0 = random_tensor({count, batch, c.hidden_size}, rng);
  const bool lstm = c.has_cell_state();
  Rng dropout_rng(seed + 1);
  params.zero_grad();
  const RecurrentOutput<float> out = layer.forward(params, input, cache, states ? &h0 : nullptr,
                                                   states && lstm ? &c0 : nullptr, true, &dropout_rng);
  const Tensor<float> grad_output = random_tensor(out.output.shape(), rng);
  const Tensor<float> grad_h_n = random_tensor(out.h_n.shape(), rng);
  const RecurrentGradients<float> grads = layer.backward(params, cache, grad_output, &grad_h_n);
  auto values = [](const Tensor<float>& t) { return std::vector<float>(t.span().begin(), t.span().end()); };
  return {values(out.output), values(out.h_n), values(out.c_n), values(grads.input), values(grads.h0),
          values(grads.c0), std::vector<float>(params.grads().begin(), params.grads().end())};
}

void expect_same(const Pass& fresh, const Pass& reused) {
  EXPECT_EQ(fresh.output, reused.output);
  EXPECT_EQ(fresh.h_n, reused.h_n);
  EXPECT_EQ(fresh.c_n, reused.c_n);
  EXPECT_EQ(fresh.grad_input, reused.grad_input);
  EXPECT_EQ(fresh.grad_h0, reused.grad_h0);
  EXPECT_EQ(fresh.grad_c0, reused.grad_c0);
  EXPECT_EQ(fresh.grads, reused.grads);
}

void check_reuse(RecurrentConfig config) {
  Parameters<float> params;
  const Recurrent<float> layer(config, params);
  Rng init(7);
  layer.reset_parameters(params, init);
  // A sequence of calls with changing batch, length and initial states, each against a fresh cache.
  struct Call {
    std::int64_t steps, batch;
    bool states;
  };
  const std::vector<Call> calls{{5, 3, true}, {5, 3, false}, {7, 4, false}, {2, 1, true}, {5, 3, false}};
  RecurrentCache<float> reused;
  std::uint64_t seed = 100;
  for (const Call& call : calls) {
    RecurrentCache<float> fresh;
    const Pass expected = run(layer, params, fresh, call.steps, call.batch, call.states, seed);
    const Pass actual = run(layer, params, reused, call.steps, call.batch, call.states, seed);
    expect_same(expected, actual);
    ++seed;
  }
}

TEST(CacheReuse, GruBatchFirstGivesTheSameBitsAsAFreshCache) {
  check_reuse({.mode = Mode::Gru, .input_size = 3, .hidden_size = 4, .batch_first = true});
}

TEST(CacheReuse, TimeMajorLstmWithInitialStatesGivesTheSameBitsAsAFreshCache) {
  check_reuse({.mode = Mode::Lstm, .input_size = 3, .hidden_size = 4});
}

TEST(CacheReuse, StackedBidirectionalLstmWithProjectionAndDropoutGivesTheSameBitsAsAFreshCache) {
  check_reuse({.mode = Mode::Lstm,
               .input_size = 3,
               .hidden_size = 5,
               .num_layers = 3,
               .batch_first = true,
               .dropout = 0.3,
               .bidirectional = true,
               .proj_size = 2});
}

TEST(CacheReuse, StackedRnnWithoutBiasGivesTheSameBitsAsAFreshCache) {
  check_reuse({.mode = Mode::RnnTanh, .input_size = 2, .hidden_size = 3, .num_layers = 2, .bias = false});
}

TEST(CacheReuse, SequenceModelTrainingStepsWithOneCacheMatchFreshCaches) {
  SequenceModelConfig config;
  config.rnn = {.mode = Mode::Gru, .input_size = 3, .hidden_size = 4, .num_layers = 2, .batch_first = true,
                .dropout = 0.2};
  config.output_size = 2;
  config.dropout = 0.1;
  SequenceModel<float> model(config);
  model.reset_parameters(3);
  SequenceModelCache<float> reused;
  for (std::int64_t batch : {4, 2, 4}) {
    Rng data{std::uint64_t(batch)};
    const Tensor<float> input = random_tensor({batch, 6, 3}, data);
    const Tensor<float> grad = random_tensor({batch, 2}, data);
    std::vector<float> expected, actual;
    for (SequenceModelCache<float>* cache : {static_cast<SequenceModelCache<float>*>(nullptr), &reused}) {
      SequenceModelCache<float> fresh;
      SequenceModelCache<float>& use = cache ? *cache : fresh;
      Rng dropout_rng(11);
      model.zero_grad();
      const Tensor<float> predictions = model.forward(input, use, true, &dropout_rng);
      model.backward(use, grad);
      std::vector<float>& into = cache ? actual : expected;
      into.assign(predictions.span().begin(), predictions.span().end());
      into.insert(into.end(), model.grads().begin(), model.grads().end());
    }
    EXPECT_EQ(expected, actual);
  }
}

}  // namespace
}  // namespace elman::nn
