// The vectorised cell kernels (cell_loops.inc, on every instruction set this CPU has, and the set cell_kernels()
// hands out) against the plain scalar reference kernels (cell_kernels_reference.hpp), ggml's test-backend-ops
// style: same random inputs, every output compared. Forward goes through exp/tanh/sigmoid, whose errors are a few
// ulp (vector_math_test.cpp), so it agrees to a few ulp of each result; backward is the same arithmetic, which
// g++ contracts into FMAs where the instruction set has them (the AVX2 set), so it agrees to an ulp or two.
#include "elman/kernels/cell_kernels.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "elman/core/random.hpp"

// The kernels' internal headers (src/ is not on the tests' include path).
#include "../src/kernels/cell_kernels_reference.hpp"
#include "../src/kernels/pointwise_kernels.hpp"

namespace elman::kernels {
namespace {

using detail::PointwiseIsa;
using detail::PointwiseKernels;

template <typename T>
struct KernelPair {
  CellForward<T> forward;
  CellBackward<T> backward;
};

template <typename T>
KernelPair<T> reference_kernels(CellKind kind) {
  switch (kind) {
    case CellKind::RnnTanh:
      return {reference::rnn_tanh_forward<T>, reference::rnn_tanh_backward<T>};
    case CellKind::RnnRelu:
      return {reference::rnn_relu_forward<T>, reference::rnn_relu_backward<T>};
    case CellKind::Lstm:
      return {reference::lstm_forward<T>, reference::lstm_backward<T>};
    case CellKind::Gru:
      return {reference::gru_forward<T>, reference::gru_backward<T>};
  }
  return {};
}

template <typename T>
KernelPair<T> fast_kernels(const PointwiseKernels<T>& k, CellKind kind) {
  switch (kind) {
    case CellKind::RnnTanh:
      return {k.rnn_tanh_forward, k.rnn_tanh_backward};
    case CellKind::RnnRelu:
      return {k.rnn_relu_forward, k.rnn_relu_backward};
    case CellKind::Lstm:
      return {k.lstm_forward, k.lstm_backward};
    case CellKind::Gru:
      return {k.gru_forward, k.gru_backward};
  }
  return {};
}

template <typename T>
std::vector<T> random_values(std::size_t size, Rng& rng) {
  std::vector<T> values(size);
  for (T& v : values) v = T(rng.uniform(-4.0, 4.0));
  return values;
}

// Every buffer of one step, inputs filled at random (pre-activations in [-4, 4], past the saturation knees).
template <typename T>
struct Step {
  std::vector<T> gx, gh, h_prev, c_prev, h_out, c_out, cache, dh, dc, dgx, dgh, dh_prev, dc_prev;

  Step(const CellKernels<T>& cell, std::int64_t n, std::int64_t h, Rng& rng)
      : gx(random_values<T>(std::size_t(n * cell.gate_count * h), rng)),
        gh(random_values<T>(gx.size(), rng)),
        h_prev(random_values<T>(std::size_t(n * h), rng)),
        c_prev(random_values<T>(h_prev.size(), rng)),
        h_out(h_prev.size()),
        c_out(h_prev.size()),
        cache(std::size_t(n * std::max<std::int64_t>(cell.cache_width, 1) * h)),
        dh(random_values<T>(h_prev.size(), rng)),
        dc(random_values<T>(h_prev.size(), rng)),
        dgx(gx.size()),
        dgh(gx.size()),
        dh_prev(random_values<T>(h_prev.size(), rng)),
        dc_prev(h_prev.size()) {}

  void forward(CellForward<T> f, std::int64_t n, std::int64_t h) {
    f(n, h, gx.data(), gh.data(), h_prev.data(), c_prev.data(), h_out.data(), c_out.data(), cache.data());
  }
  void backward(CellBackward<T> b, std::int64_t n, std::int64_t h) {
    b(n, h, cache.data(), h_prev.data(), c_prev.data(), h_out.data(), dh.data(), dc.data(), dgx.data(), dgh.data(),
      dh_prev.data(), dc_prev.data());
  }
};

// |fast - reference| <= 16 ulp of max(1, |reference|): activations of a few ulp, then a product or a sum or two.
template <typename T>
void expect_close(const std::vector<T>& fast, const std::vector<T>& reference, const std::string& what) {
  const T tolerance = 16 * std::numeric_limits<T>::epsilon();
  for (std::size_t i = 0; i < reference.size(); ++i)
    ASSERT_LE(std::fabs(fast[i] - reference[i]), tolerance * std::max(T(1), std::fabs(reference[i])))
        << what << "[" << i << "]: fast " << fast[i] << ", reference " << reference[i];
}

template <typename T>
void compare(CellKind kind, KernelPair<T> fast, const std::string& label) {
  const CellKernels<T>& cell = cell_kernels<T>(kind);
  const KernelPair<T> ref = reference_kernels<T>(kind);
  // h = 1, 13 and 67 cross every vector width (4, 8) with a remainder; n = 3 rows check the row strides.
  for (const std::int64_t h : {1, 13, 64, 67}) {
    SCOPED_TRACE(label + " h=" + std::to_string(h));
    const std::int64_t n = 3;
    Rng rng{std::uint64_t(h)};
    Step<T> a(cell, n, h, rng);
    Step<T> b = a;
    a.forward(fast.forward, n, h);
    b.forward(ref.forward, n, h);
    expect_close(a.h_out, b.h_out, "h_out");
    if (cell.has_cell_state) expect_close(a.c_out, b.c_out, "c_out");
    expect_close(a.cache, b.cache, "cache");
    a.cache = b.cache, a.h_out = b.h_out, a.c_out = b.c_out;  // backward from the same state
    a.backward(fast.backward, n, h);
    b.backward(ref.backward, n, h);
    expect_close(a.dgx, b.dgx, "dgx");
    expect_close(a.dgh, b.dgh, "dgh");
    expect_close(a.dh_prev, b.dh_prev, "dh_prev");
    if (cell.has_cell_state) expect_close(a.dc_prev, b.dc_prev, "dc_prev");
  }
}

template <typename T>
class CellKernelsFast : public ::testing::Test {};
using Types = ::testing::Types<float, double>;
TYPED_TEST_SUITE(CellKernelsFast, Types);

constexpr CellKind kKinds[] = {CellKind::RnnTanh, CellKind::RnnRelu, CellKind::Lstm, CellKind::Gru};

TYPED_TEST(CellKernelsFast, EveryInstructionSetMatchesTheReferenceKernels) {
  using T = TypeParam;
  for (const PointwiseIsa isa : detail::kPointwiseIsas) {
    if (!detail::pointwise_isa_available(isa)) continue;
    for (const CellKind kind : kKinds)
      compare<T>(kind, fast_kernels(detail::pointwise_kernels<T>(isa), kind),
                 std::string(detail::pointwise_isa_name(isa)) + " cell " + std::to_string(int(kind)));
  }
}

TYPED_TEST(CellKernelsFast, TheTableAndThePublicFunctionsMatchTheReferenceKernels) {
  using T = TypeParam;
  for (const CellKind kind : kKinds) {
    const CellKernels<T>& cell = cell_kernels<T>(kind);
    compare<T>(kind, {cell.forward, cell.backward}, "table cell " + std::to_string(int(kind)));
  }
  compare<T>(CellKind::RnnTanh, {rnn_tanh_forward<T>, rnn_tanh_backward<T>}, "rnn_tanh_forward");
  compare<T>(CellKind::RnnRelu, {rnn_relu_forward<T>, rnn_relu_backward<T>}, "rnn_relu_forward");
  compare<T>(CellKind::Lstm, {lstm_forward<T>, lstm_backward<T>}, "lstm_forward");
  compare<T>(CellKind::Gru, {gru_forward<T>, gru_backward<T>}, "gru_forward");
}

TEST(PointwiseDispatch, TheBestInstructionSetIsAvailableAndPortableAlwaysIs) {
  EXPECT_TRUE(detail::pointwise_isa_available(detail::pointwise_best_isa()));
  EXPECT_TRUE(detail::pointwise_isa_available(PointwiseIsa::Portable));
  EXPECT_EQ(detail::pointwise_isa_name(PointwiseIsa::Avx2), "avx2");
  EXPECT_EQ(detail::pointwise_isa_name(PointwiseIsa::Avx512), "avx512");
}

}  // namespace
}  // namespace elman::kernels
