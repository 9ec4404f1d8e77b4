#pragma once
// Scalar activations of the reference cell kernels (cell_kernels_reference.hpp); the vectorised kernels use
// vector_math.inc.
#include <cmath>

namespace elman::kernels {

// 1 / (1 + e^-x), written to avoid overflow of e^-x for large negative x.
template <typename T>
inline T sigmoid(T x) {
  if (x >= T{0}) return T{1} / (T{1} + std::exp(-x));
  const T e = std::exp(x);
  return e / (T{1} + e);
}

}  // namespace elman::kernels
