// The vectorised exp, tanh and sigmoid (src/kernels/vector_math.inc) against long double libm, on every
// instruction set this CPU has, over dense grids: bit patterns spread evenly over all magnitudes from the smallest
// subnormal to past overflow (both signs), a fine linear grid over the range the cells use, and the special values.
// Errors are in units in the last place (ulp) of the true result, the ulp of a subnormal result being the
// smallest subnormal. The bounds asserted are the maximum errors measured here (plus nothing: a larger error is
// a regression); pointwise_kernels.hpp states them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

// The kernels' internal header (src/ is not on the tests' include path).
#include "../src/kernels/pointwise_kernels.hpp"

namespace elman::kernels::detail {
namespace {

template <typename T>
using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

template <typename T>
T from_bits(Bits<T> bits) {
  T x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

template <typename T>
Bits<T> to_bits(T x) {
  Bits<T> bits;
  std::memcpy(&bits, &x, sizeof x);
  return bits;
}

// `count` values evenly spaced in bit pattern (so evenly over the exponents) from the smallest positive subnormal
// to `largest`, both signs; then `count` values evenly spaced in [-30, 30]; then the special values.
template <typename T>
std::vector<T> grid(T largest, std::int64_t count) {
  std::vector<T> xs;
  const Bits<T> low = 1, high = to_bits(largest);
  for (std::int64_t i = 0; i < count; ++i) {
    const T x = from_bits<T>(Bits<T>(low + (high - low) / Bits<T>(count) * Bits<T>(i)));
    xs.push_back(x);
    xs.push_back(-x);
  }
  for (std::int64_t i = 0; i <= count; ++i) xs.push_back(T(-30) + T(60) * T(i) / T(count));
  const T kSpecials[] = {T(0),
                         T(-0.0),
                         std::numeric_limits<T>::denorm_min(),
                         std::numeric_limits<T>::min(),
                         T(1e-30),
                         T(-1e-30),
                         T(1e-7),
                         T(-1e-7),
                         T(0.625),
                         T(-0.625),
                         std::log(T(2)) / 2,
                         -std::log(T(2)) / 2,
                         std::log(std::numeric_limits<T>::max()),
                         std::log(std::numeric_limits<T>::min()),
                         std::numeric_limits<T>::max(),
                         std::numeric_limits<T>::lowest()};
  for (const T x : kSpecials) xs.push_back(x);
  return xs;
}

// |y - truth| in ulps of truth (at least the smallest subnormal: spacing of the floating-point numbers there).
template <typename T>
long double ulp_error(T y, long double truth) {
  const T rounded = static_cast<T>(truth);  // inf where the true result rounds past the largest finite T
  if (std::isinf(rounded) || std::isinf(y)) return y == rounded ? 0.0L : std::numeric_limits<long double>::infinity();
  const int digits = std::numeric_limits<T>::digits;
  const int min_exponent = std::numeric_limits<T>::min_exponent - 1;  // of the smallest normal, 2^-126 / 2^-1022
  const int exponent = truth == 0 ? min_exponent : std::max(std::ilogb(truth), min_exponent);
  return std::fabs(static_cast<long double>(y) - truth) / std::ldexp(1.0L, exponent - digits + 1);
}

long double true_exp(long double x) { return std::exp(x); }
long double true_tanh(long double x) { return std::tanh(x); }
long double true_sigmoid(long double x) { return x >= 0 ? 1 / (1 + std::exp(-x)) : std::exp(x) / (1 + std::exp(x)); }

template <typename T>
struct Measured {
  long double max_ulp = 0;
  T worst = 0;
};

template <typename T>
Measured<T> measure(ArrayFunction<T> function, long double (*truth)(long double), const std::vector<T>& xs) {
  std::vector<T> ys(xs.size());
  function(static_cast<std::int64_t>(xs.size()), xs.data(), ys.data());
  Measured<T> m;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const long double e = ulp_error(ys[i], truth(xs[i]));
    if (e > m.max_ulp) m = {e, xs[i]};
  }
  return m;
}

std::vector<PointwiseIsa> available_isas() {
  std::vector<PointwiseIsa> isas;
  for (const PointwiseIsa isa : kPointwiseIsas)
    if (pointwise_isa_available(isa)) isas.push_back(isa);
  return isas;
}

template <typename T>
class VectorMath : public ::testing::Test {};
using Types = ::testing::Types<float, double>;
TYPED_TEST_SUITE(VectorMath, Types);

// The bounds per function, in ulp: the measured maxima of every instruction set (float: exp 0.98, tanh 2.24,
// sigmoid 2.34; double: exp 0.97, tanh 2.20, sigmoid 2.32), rounded up to a half.
template <typename T>
struct Bounds;
template <>
struct Bounds<float> {
  static constexpr double kExp = 1.0, kTanh = 2.5, kSigmoid = 2.5;
};
template <>
struct Bounds<double> {
  static constexpr double kExp = 1.0, kTanh = 2.5, kSigmoid = 2.5;
};

TYPED_TEST(VectorMath, ExpIsWithinItsStatedUlpOfLibmEverywhere) {
  using T = TypeParam;
  const std::vector<T> xs = grid<T>(std::numeric_limits<T>::max(), 200000);
  for (const PointwiseIsa isa : available_isas()) {
    const Measured<T> m = measure<T>(pointwise_kernels<T>(isa).exp, true_exp, xs);
    EXPECT_LE(m.max_ulp, Bounds<T>::kExp) << pointwise_isa_name(isa) << ": worst at x = " << m.worst;
    std::cout << "exp " << pointwise_isa_name(isa) << ": max " << double(m.max_ulp) << " ulp at " << m.worst << "\n";
  }
}

TYPED_TEST(VectorMath, TanhIsWithinItsStatedUlpOfLibmEverywhere) {
  using T = TypeParam;
  const std::vector<T> xs = grid<T>(std::numeric_limits<T>::max(), 200000);
  for (const PointwiseIsa isa : available_isas()) {
    const Measured<T> m = measure<T>(pointwise_kernels<T>(isa).tanh, true_tanh, xs);
    EXPECT_LE(m.max_ulp, Bounds<T>::kTanh) << pointwise_isa_name(isa) << ": worst at x = " << m.worst;
    std::cout << "tanh " << pointwise_isa_name(isa) << ": max " << double(m.max_ulp) << " ulp at " << m.worst << "\n";
  }
}

TYPED_TEST(VectorMath, SigmoidIsWithinItsStatedUlpOfLibmEverywhere) {
  using T = TypeParam;
  const std::vector<T> xs = grid<T>(std::numeric_limits<T>::max(), 200000);
  for (const PointwiseIsa isa : available_isas()) {
    const Measured<T> m = measure<T>(pointwise_kernels<T>(isa).sigmoid, true_sigmoid, xs);
    EXPECT_LE(m.max_ulp, Bounds<T>::kSigmoid) << pointwise_isa_name(isa) << ": worst at x = " << m.worst;
    std::cout << "sigmoid " << pointwise_isa_name(isa) << ": max " << double(m.max_ulp) << " ulp at " << m.worst
              << "\n";
  }
}

// Exact results at the special values: ±0 keep their sign through tanh, infinities give the limits, NaN stays NaN.
TYPED_TEST(VectorMath, SpecialValuesGiveTheExactLimits) {
  using T = TypeParam;
  const T inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
  const std::vector<T> xs = {T(0), T(-0.0), inf, -inf, nan, -nan};
  std::vector<T> y(xs.size());
  for (const PointwiseIsa isa : available_isas()) {
    SCOPED_TRACE(std::string(pointwise_isa_name(isa)));
    const PointwiseKernels<T>& k = pointwise_kernels<T>(isa);
    k.exp(6, xs.data(), y.data());
    EXPECT_EQ(y[0], T(1));
    EXPECT_EQ(y[1], T(1));
    EXPECT_EQ(y[2], inf);
    EXPECT_EQ(y[3], T(0));
    EXPECT_TRUE(std::isnan(y[4]) && std::isnan(y[5]));
    k.tanh(6, xs.data(), y.data());
    EXPECT_TRUE(y[0] == T(0) && !std::signbit(y[0]));
    EXPECT_TRUE(y[1] == T(0) && std::signbit(y[1]));
    EXPECT_EQ(y[2], T(1));
    EXPECT_EQ(y[3], T(-1));
    EXPECT_TRUE(std::isnan(y[4]) && std::isnan(y[5]));
    k.sigmoid(6, xs.data(), y.data());
    EXPECT_EQ(y[0], T(0.5));
    EXPECT_EQ(y[1], T(0.5));
    EXPECT_EQ(y[2], T(1));
    EXPECT_EQ(y[3], T(0));
    EXPECT_TRUE(std::isnan(y[4]) && std::isnan(y[5]));
  }
}

// tanh(x) = x - x³/3 + ...: for |x| below √(3 ulp) the correctly rounded result is x itself, which the
// expm1 formulation must return (a 1 - 2/(e^2x + 1) formula would lose every digit here).
TYPED_TEST(VectorMath, TanhOfATinyArgumentIsTheArgument) {
  using T = TypeParam;
  const std::vector<T> xs = {std::numeric_limits<T>::denorm_min(), std::numeric_limits<T>::min(), T(1e-20), T(-1e-20),
                             T(-3e-9)};
  std::vector<T> y(xs.size());
  for (const PointwiseIsa isa : available_isas()) {
    pointwise_kernels<T>(isa).tanh(static_cast<std::int64_t>(xs.size()), xs.data(), y.data());
    for (std::size_t i = 0; i < xs.size(); ++i) EXPECT_EQ(y[i], xs[i]) << pointwise_isa_name(isa);
  }
}

}  // namespace
}  // namespace elman::kernels::detail
