#include "elman/core/numpy_random.hpp"

#include <cmath>

namespace elman {
namespace {
// MT19937 constants (Matsumoto & Nishimura 1998, mt19937ar.c).
constexpr std::size_t kShift = 397;
constexpr std::uint32_t kMatrixA = 0x9908b0dfU;
constexpr std::uint32_t kUpperMask = 0x80000000U;
constexpr std::uint32_t kLowerMask = 0x7fffffffU;
}  // namespace

NumpyRandomState::NumpyRandomState(std::uint32_t seed) {
  // init_genrand: s[i] = 1812433253 * (s[i-1] ^ (s[i-1] >> 30)) + i, modulo 2^32.
  state_[0] = seed;
  for (std::size_t i = 1; i < kStateSize; ++i)
    state_[i] = 1812433253U * (state_[i - 1] ^ (state_[i - 1] >> 30)) + std::uint32_t(i);
  position_ = kStateSize;
}

void NumpyRandomState::regenerate() {
  for (std::size_t i = 0; i < kStateSize; ++i) {
    const std::uint32_t y = (state_[i] & kUpperMask) | (state_[(i + 1) % kStateSize] & kLowerMask);
    state_[i] = state_[(i + kShift) % kStateSize] ^ (y >> 1) ^ ((y & 1U) ? kMatrixA : 0U);
  }
  position_ = 0;
}

std::uint32_t NumpyRandomState::next_u32() {
  if (position_ >= kStateSize) regenerate();
  std::uint32_t y = state_[position_++];
  // Tempering.
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= y >> 18;
  return y;
}

double NumpyRandomState::random_sample() {
  // 27 high bits of one draw and 26 of the next make a 53-bit mantissa: (a * 2^26 + b) / 2^53.
  const std::uint32_t a = next_u32() >> 5;
  const std::uint32_t b = next_u32() >> 6;
  return (double(a) * 67108864.0 + double(b)) / 9007199254740992.0;
}

double NumpyRandomState::standard_normal() {
  if (has_gauss_) {
    has_gauss_ = false;
    return gauss_;
  }
  // Marsaglia's polar method as numpy's legacy_gauss: reject until 0 < r2 < 1, return f*x2, keep f*x1.
  double x1 = 0.0;
  double x2 = 0.0;
  double r2 = 0.0;
  do {
    x1 = 2.0 * random_sample() - 1.0;
    x2 = 2.0 * random_sample() - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 == 0.0);
  const double f = std::sqrt(-2.0 * std::log(r2) / r2);
  gauss_ = f * x1;
  has_gauss_ = true;
  return f * x2;
}

Tensor<double> NumpyRandomState::randn(std::int64_t rows, std::int64_t cols) {
  Tensor<double> values({rows, cols});
  for (std::int64_t i = 0; i < values.numel(); ++i) values[i] = standard_normal();
  return values;
}

}  // namespace elman
