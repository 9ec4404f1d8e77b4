// Streamer<T>: stepping a sequence one call at a time gives Recurrent::forward's numbers (every step's output, h_n,
// c_n) for every mode, stacked layers and projection; step() allocates nothing; bad configurations and inputs fail
// with readable messages. PanelMatrix is checked against the plain matrix-vector product it replaces.
#include "elman/nn/stream.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <new>
#include <string>
#include <vector>

// Counts every allocation of this test program, so that a test can prove a call allocates nothing. Replacing the
// global operator new is the one way to see allocations made inside the library; it forwards to malloc.
namespace {
std::atomic<long> allocation_count{0};
}  // namespace

void* operator new(std::size_t size) {
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
// g++ pairs ::operator new with ::operator delete, not with the free() this replacement pairs it with.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace elman::nn {
namespace {

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

template <typename T>
Tensor<T> random_tensor(Shape shape, Rng& rng) {
  Tensor<T> t(std::move(shape));
  for (auto& x : t.span()) x = T(rng.normal());
  return t;
}

struct Case {
  Mode mode;
  std::int64_t input_size;
  std::int64_t hidden_size;
  std::int64_t num_layers;
  std::int64_t proj_size;
  bool bias;
};

RecurrentConfig config_of(const Case& c) {
  RecurrentConfig config;
  config.mode = c.mode;
  config.input_size = c.input_size;
  config.hidden_size = c.hidden_size;
  config.num_layers = c.num_layers;
  config.proj_size = c.proj_size;
  config.bias = c.bias;
  return config;
}

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  for (Mode mode : {Mode::RnnTanh, Mode::RnnRelu, Mode::Lstm, Mode::Gru})
    for (std::int64_t layers : {1, 2}) {
      cases.push_back({mode, 3, 5, layers, 0, true});
      cases.push_back({mode, 1, 23, layers, 0, true});  // G*H spans several panels (64 floats, 32 doubles)
    }
  cases.push_back({Mode::Lstm, 3, 6, 1, 2, true});
  cases.push_back({Mode::Lstm, 2, 40, 2, 7, true});
  cases.push_back({Mode::Gru, 4, 5, 2, 0, false});
  cases.push_back({Mode::Lstm, 4, 5, 2, 3, false});
  return cases;
}

// Streams `steps` random inputs from a random h0 (and c0) and compares with one forward over the whole sequence.
template <typename T>
void expect_stream_matches_forward(const Case& c, double tolerance) {
  Parameters<T> params;
  const Recurrent<T> layer(config_of(c), params);
  Rng rng(7);
  layer.reset_parameters(params, rng);
  const std::int64_t steps = 9, ho = layer.config().output_size(), h = c.hidden_size;
  const Tensor<T> input = random_tensor<T>({steps, 1, c.input_size}, rng);
  const Tensor<T> h0 = random_tensor<T>({c.num_layers, 1, ho}, rng);
  const Tensor<T> c0 = random_tensor<T>({c.num_layers, 1, h}, rng);
  const bool lstm = c.mode == Mode::Lstm;
  RecurrentCache<T> cache;
  const RecurrentOutput<T> expected = layer.forward(params, input, cache, &h0, lstm ? &c0 : nullptr);

  Streamer<T> streamer(layer, params);
  streamer.set_state(h0.span(), lstm ? c0.span() : std::span<const T>());
  const std::string what = std::string(mode_name(c.mode)) + " H=" + std::to_string(h) +
                           " layers=" + std::to_string(c.num_layers) + " proj=" + std::to_string(c.proj_size);
  for (std::int64_t t = 0; t < steps; ++t) {
    const std::span<const T> y =
        streamer.step(input.span().subspan(std::size_t(t * c.input_size), std::size_t(c.input_size)));
    ASSERT_EQ(y.size(), std::size_t(ho)) << what;
    for (std::int64_t j = 0; j < ho; ++j)
      EXPECT_NEAR(y[std::size_t(j)], expected.output[t * ho + j], tolerance) << what << " step " << t << " unit " << j;
  }
  ASSERT_EQ(streamer.h().size(), std::size_t(expected.h_n.numel())) << what;
  for (std::int64_t i = 0; i < expected.h_n.numel(); ++i)
    EXPECT_NEAR(streamer.h()[std::size_t(i)], expected.h_n[i], tolerance) << what << " h_n " << i;
  ASSERT_EQ(streamer.c().size(), std::size_t(expected.c_n.numel())) << what;
  for (std::int64_t i = 0; i < expected.c_n.numel(); ++i)
    EXPECT_NEAR(streamer.c()[std::size_t(i)], expected.c_n[i], tolerance) << what << " c_n " << i;
}

TEST(Streamer, StepsMatchForwardOverTheWholeSequenceInDouble) {
  for (const Case& c : all_cases()) expect_stream_matches_forward<double>(c, 1e-12);
}

TEST(Streamer, StepsMatchForwardOverTheWholeSequenceInFloat) {
  for (const Case& c : all_cases()) expect_stream_matches_forward<float>(c, 2e-5);
}

TEST(Streamer, ResetStartsFromZeroStateAsForwardWithoutH0) {
  Parameters<double> params;
  const Recurrent<double> layer(config_of({Mode::Lstm, 2, 4, 2, 0, true}), params);
  Rng rng(3);
  layer.reset_parameters(params, rng);
  const Tensor<double> input = random_tensor<double>({5, 1, 2}, rng);
  RecurrentCache<double> cache;
  const RecurrentOutput<double> expected = layer.forward(params, input, cache);

  Streamer<double> streamer(layer, params);
  for (int pass = 0; pass < 2; ++pass) {
    streamer.reset();
    std::span<const double> y;
    for (std::int64_t t = 0; t < 5; ++t) y = streamer.step(input.span().subspan(std::size_t(t * 2), 2));
    for (std::int64_t j = 0; j < 4; ++j) EXPECT_NEAR(y[std::size_t(j)], expected.output[4 * 4 + j], 1e-12) << pass;
  }
}

TEST(Streamer, ACopyContinuesFromTheSameStateWithTheSameWeights) {
  Parameters<float> params;
  const Recurrent<float> layer(config_of({Mode::Lstm, 1, 23, 2, 0, true}), params);
  Rng rng(9);
  layer.reset_parameters(params, rng);
  Streamer<float> original(layer, params);
  const std::vector<float> x{0.5f};
  original.step(x);
  // Copies land at any offset against 64-byte lines; several of them make a mis-aligned copy of the panels likely.
  std::vector<Streamer<float>> copies(5, original);
  const std::span<const float> next = original.step(x);
  const std::vector<float> expected(next.begin(), next.end());
  for (Streamer<float>& copy : copies) {
    const std::span<const float> y = copy.step(x);
    EXPECT_EQ(std::vector<float>(y.begin(), y.end()), expected);
  }
}

TEST(Streamer, LoadPicksUpChangedWeights) {
  Parameters<double> params;
  const Recurrent<double> layer(config_of({Mode::Gru, 1, 3, 1, 0, true}), params);
  Rng rng(5);
  layer.reset_parameters(params, rng);
  Streamer<double> streamer(layer, params);
  layer.reset_parameters(params, rng);  // new weights, not yet in the streamer
  streamer.load(params);
  const Tensor<double> input({1, 1, 1}, 0.5);
  RecurrentCache<double> cache;
  const RecurrentOutput<double> expected = layer.forward(params, input, cache);
  const std::vector<double> x{0.5};
  const std::span<const double> y = streamer.step(x);
  for (std::int64_t j = 0; j < 3; ++j) EXPECT_NEAR(y[std::size_t(j)], expected.output[j], 1e-12);
}

template <typename T>
long allocations_in_steps(const Case& c) {
  Parameters<T> params;
  const Recurrent<T> layer(config_of(c), params);
  Rng rng(11);
  layer.reset_parameters(params, rng);
  Streamer<T> streamer(layer, params);
  const std::vector<T> x(std::size_t(c.input_size), T(0.25));
  const long before = allocation_count.load();
  for (int t = 0; t < 100; ++t) streamer.step(x);
  streamer.reset();
  streamer.step(x);
  return allocation_count.load() - before;
}

TEST(Streamer, StepAllocatesNothing) {
  // The counter itself must see the allocations it is meant to catch.
  const long before = allocation_count.load();
  std::vector<double> probe(3);
  asm volatile("" : : "g"(probe.data()) : "memory");  // keeps the compiler from eliding the allocation
  ASSERT_GT(allocation_count.load() - before, 0);
  for (const Case& c : all_cases()) {
    EXPECT_EQ(allocations_in_steps<float>(c), 0) << mode_name(c.mode) << " H=" << c.hidden_size;
    EXPECT_EQ(allocations_in_steps<double>(c), 0) << mode_name(c.mode) << " H=" << c.hidden_size;
  }
}

TEST(Streamer, RejectsABidirectionalLayer) {
  Parameters<float> params;
  RecurrentConfig config = config_of({Mode::Lstm, 2, 4, 1, 0, true});
  config.bidirectional = true;
  const Recurrent<float> layer(config, params);
  EXPECT_EQ(error_of([&] { Streamer<float> streamer(layer, params); }),
            "Streamer: expected a unidirectional layer (a reverse direction reads the steps still to come), got "
            "bidirectional = true");
}

TEST(Streamer, RejectsAnInputOfTheWrongWidth) {
  Parameters<float> params;
  const Recurrent<float> layer(config_of({Mode::Gru, 3, 4, 1, 0, true}), params);
  Streamer<float> streamer(layer, params);
  const std::vector<float> x(2);
  EXPECT_EQ(error_of([&] { streamer.step(x); }), "Streamer: expected an input of 3 values (input_size), got 2");
}

TEST(Streamer, RejectsAStateOfTheWrongSize) {
  Parameters<double> params;
  const Recurrent<double> lstm(config_of({Mode::Lstm, 1, 4, 2, 0, true}), params);
  Streamer<double> streamer(lstm, params);
  const std::vector<double> h(8), c(7);
  EXPECT_EQ(error_of([&] { streamer.set_state(h, c); }),
            "Streamer: expected c of 8 values (num_layers, hidden_size), got 7");
  Parameters<double> rnn_params;
  const Recurrent<double> rnn(config_of({Mode::RnnTanh, 1, 4, 2, 0, true}), rnn_params);
  Streamer<double> rnn_streamer(rnn, rnn_params);
  EXPECT_EQ(error_of([&] { rnn_streamer.set_state(h, h); }),
            "Streamer: expected no c for mode RNN_TANH (only LSTM has a cell state), got 8 values");
}

template <typename T>
void expect_panel_product_matches_plain_loop(bool baseline_only, double tolerance) {
  Rng rng(1);
  for (std::int64_t rows : {1, 5, 32, 64, 65, 200})
    for (std::int64_t cols : {1, 3, 64}) {
      const Tensor<T> a = random_tensor<T>({rows, cols}, rng);
      PanelMatrix<T> panels(rows, cols, baseline_only);
      panels.load(a.span());
      std::vector<T> v(static_cast<std::size_t>(cols));
      std::vector<T> b(static_cast<std::size_t>(panels.padded_rows())), y(b.size());
      for (auto& x : v) x = T(rng.normal());
      for (std::int64_t i = 0; i < rows; ++i) b[std::size_t(i)] = T(rng.normal());
      panels.multiply(v.data(), b.data(), y.data());
      std::vector<T> y_backwards(y.size());
      panels.multiply(v.data(), b.data(), y_backwards.data(), true);
      EXPECT_EQ(y_backwards, y) << rows << "x" << cols << ": the panel order changes nothing";
      for (std::int64_t i = 0; i < rows; ++i) {
        double expected = b[std::size_t(i)];
        for (std::int64_t k = 0; k < cols; ++k) expected += double(a[i * cols + k]) * double(v[std::size_t(k)]);
        EXPECT_NEAR(y[std::size_t(i)], expected, tolerance) << rows << "x" << cols << " row " << i;
      }
      for (std::int64_t i = rows; i < panels.padded_rows(); ++i) EXPECT_EQ(y[std::size_t(i)], T{0});
    }
}

TEST(PanelMatrix, MultiplyEqualsThePlainMatrixVectorProduct) {
  expect_panel_product_matches_plain_loop<double>(false, 1e-12);
  expect_panel_product_matches_plain_loop<float>(false, 1e-4);
}

TEST(PanelMatrix, BaselineKernelEqualsThePlainMatrixVectorProduct) {
  expect_panel_product_matches_plain_loop<double>(true, 1e-12);
  expect_panel_product_matches_plain_loop<float>(true, 1e-4);
}

}  // namespace
}  // namespace elman::nn
