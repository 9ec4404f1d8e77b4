#pragma once
// NumpyRandomState: numpy's legacy generator (np.random.seed / np.random.randn) reproduced bit for bit, so the
// text's walkthrough draws the very weights the Python draws. Only what the walkthrough needs: the MT19937 stream,
// random_sample() and the legacy polar-method Gaussian with its cached second value.
// Reference: numpy/random/_mt19937.pyx (_legacy_seeding), numpy/random/src/legacy/legacy-distributions.c.
#include <array>
#include <cstddef>
#include <cstdint>

#include "elman/core/tensor.hpp"

namespace elman {

class NumpyRandomState {
 public:
  // np.random.seed(seed) for an integer seed: MT19937 init_genrand(seed) (not init_by_array).
  explicit NumpyRandomState(std::uint32_t seed = 0);

  // The next raw 32-bit output of MT19937 (genrand_int32).
  std::uint32_t next_u32();
  // np.random.random_sample(): 53 random bits from two draws, in [0, 1).
  double random_sample();
  // np.random.standard_normal() of the legacy RandomState: polar method, the second value kept for the next call.
  double standard_normal();
  // np.random.randn(rows, cols), filled row-major; the kept Gaussian carries over between calls.
  Tensor<double> randn(std::int64_t rows, std::int64_t cols);

 private:
  static constexpr std::size_t kStateSize = 624;
  void regenerate();

  std::array<std::uint32_t, kStateSize> state_{};
  std::size_t position_ = kStateSize;
  bool has_gauss_ = false;
  double gauss_ = 0.0;
};

}  // namespace elman
