#include "elman/kernels/gemm.hpp"

#include <algorithm>
#include <limits>

#include "elman/core/error.hpp"
#include "elman/kernels/gemm_backend.hpp"

namespace elman::kernels {
namespace {

template <typename T>
void scale_rows(std::int64_t m, std::int64_t n, T beta, T* c, std::int64_t ldc) {
  for (std::int64_t i = 0; i < m; ++i) {
    T* row = c + i * ldc;
    if (beta == T{0})
      std::fill(row, row + n, T{0});
    else if (beta != T{1})
      for (std::int64_t j = 0; j < n; ++j) row[j] *= beta;
  }
}

// Loop order i-p-j keeps the innermost loop contiguous in B and C when B is not transposed; with B transposed
// each element is a contiguous dot product instead. Used for products too small to pay for the backend's
// packing and dispatch.
template <typename T>
void gemm_small(bool trans_a, bool trans_b, std::int64_t m, std::int64_t n, std::int64_t k, T alpha, const T* a,
                std::int64_t lda, const T* b, std::int64_t ldb, T beta, T* c, std::int64_t ldc) {
  scale_rows(m, n, beta, c, ldc);
  for (std::int64_t i = 0; i < m; ++i) {
    T* c_row = c + i * ldc;
    if (trans_b) {
      for (std::int64_t j = 0; j < n; ++j) {
        const T* b_row = b + j * ldb;
        T sum{0};
        for (std::int64_t p = 0; p < k; ++p) sum += (trans_a ? a[p * lda + i] : a[i * lda + p]) * b_row[p];
        c_row[j] += alpha * sum;
      }
      continue;
    }
    for (std::int64_t p = 0; p < k; ++p) {
      const T a_ip = alpha * (trans_a ? a[p * lda + i] : a[i * lda + p]);
      const T* b_row = b + p * ldb;
      for (std::int64_t j = 0; j < n; ++j) c_row[j] += a_ip * b_row[j];
    }
  }
}

// Below this many multiply-adds the plain loop beats the backend's packing and call overhead (measured with
// `elman bench` on batch-1 shapes, docs/performance.md).
constexpr std::int64_t kSmallProduct = 4096;

}  // namespace

template <typename T>
void gemm(bool trans_a, bool trans_b, std::int64_t m, std::int64_t n, std::int64_t k, T alpha, const T* a,
          std::int64_t lda, const T* b, std::int64_t ldb, T beta, T* c, std::int64_t ldc) {
  if (m * n * k <= kSmallProduct) return gemm_small(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  constexpr std::int64_t kMax = std::numeric_limits<int>::max();
  if (m > kMax || n > kMax || k > kMax || lda > kMax || ldb > kMax || ldc > kMax)
    fail("gemm: a dimension or leading dimension exceeds {} (m, n, k = {}, {}, {})", kMax, m, n, k);
  gemm_backend(trans_a, trans_b, static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), alpha, a,
               static_cast<int>(lda), b, static_cast<int>(ldb), beta, c, static_cast<int>(ldc));
}

template <typename T>
void gemm_reference(bool trans_a, bool trans_b, std::int64_t m, std::int64_t n, std::int64_t k, T alpha, const T* a,
                    std::int64_t lda, const T* b, std::int64_t ldb, T beta, T* c, std::int64_t ldc) {
  for (std::int64_t i = 0; i < m; ++i)
    for (std::int64_t j = 0; j < n; ++j) {
      T sum{0};
      for (std::int64_t p = 0; p < k; ++p)
        sum += (trans_a ? a[p * lda + i] : a[i * lda + p]) * (trans_b ? b[j * ldb + p] : b[p * ldb + j]);
      T& out = c[i * ldc + j];
      out = alpha * sum + (beta == T{0} ? T{0} : beta * out);
    }
}

template void gemm<float>(bool, bool, std::int64_t, std::int64_t, std::int64_t, float, const float*, std::int64_t,
                          const float*, std::int64_t, float, float*, std::int64_t);
template void gemm<double>(bool, bool, std::int64_t, std::int64_t, std::int64_t, double, const double*, std::int64_t,
                           const double*, std::int64_t, double, double*, std::int64_t);
template void gemm_reference<float>(bool, bool, std::int64_t, std::int64_t, std::int64_t, float, const float*,
                                    std::int64_t, const float*, std::int64_t, float, float*, std::int64_t);
template void gemm_reference<double>(bool, bool, std::int64_t, std::int64_t, std::int64_t, double, const double*,
                                     std::int64_t, const double*, std::int64_t, double, double*, std::int64_t);

}  // namespace elman::kernels
