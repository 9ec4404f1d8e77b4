#pragma once
// The GEMM front: the one place where elman multiplies matrices, so that a faster backend (BLAS, Eigen, a
// register-blocked small-H path) replaces one function. Row-major, BLAS conventions:
//   C (m, n) = alpha * op(A) (m, k) * op(B) (k, n) + beta * C,
// op(X) = X or X^T; lda/ldb/ldc are row strides of the stored matrices. beta == 0 overwrites C (NaN-safe).
#include <cstdint>

namespace elman::kernels {

template <typename T>
void gemm(bool trans_a, bool trans_b, std::int64_t m, std::int64_t n, std::int64_t k, T alpha, const T* a,
          std::int64_t lda, const T* b, std::int64_t ldb, T beta, T* c, std::int64_t ldc);

// The textbook triple loop (one dot product per element), kept as the reference the fast path is tested against.
template <typename T>
void gemm_reference(bool trans_a, bool trans_b, std::int64_t m, std::int64_t n, std::int64_t k, T alpha, const T* a,
                    std::int64_t lda, const T* b, std::int64_t ldb, T beta, T* c, std::int64_t ldc);

}  // namespace elman::kernels
