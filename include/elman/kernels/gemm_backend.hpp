#pragma once
// The fast GEMM behind elman's GEMM front, chosen by measurement (docs/decisions.md, docs/performance.md).
// Row-major, BLAS conventions:
//   C (m, n) = alpha * op(A) (m, k) * op(B) (k, n) + beta * C,
// op(X) = X or X^T as stored; lda/ldb/ldc are the row strides of the stored matrices. beta == 0 overwrites C
// without reading it (a NaN there does not propagate); k == 0 or alpha == 0 only scales C.
//
// float calls oneDNN's dnnl_sgemm, the candidate measured fastest on RNN shapes (docs/decisions.md); it picks its
// JIT kernel (AVX-512, AVX2, SSE4.1) from the CPU at run time and runs on set_gemm_threads() OpenMP threads for
// products of at least 2^17 multiply-adds, on one thread below that (the caller's OpenMP setting is not used and is
// left as it was). double, which oneDNN lacks, runs elman's own blocked kernel, on the
// widest path the CPU supports: AVX-512F, else AVX2+FMA, else portable C++. The build targets baseline x86-64 and
// never uses -march=native. The own kernel allocates only on a thread's first call (its packing workspace).
// Invalid sizes or leading dimensions throw elman::Error.
#include <string_view>

namespace elman::kernels {

void gemm_backend(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a, int lda, const float* b,
                  int ldb, float beta, float* c, int ldc);
void gemm_backend(bool trans_a, bool trans_b, int m, int n, int k, double alpha, const double* a, int lda,
                  const double* b, int ldb, double beta, double* c, int ldc);

// Threads for float products of at least 2^17 multiply-adds, process-wide; default 1. Results are deterministic for a
// given setting; a different setting may change a product's summation order (oneDNN may split k), so the last bits.
// The double path is single-threaded. Throws elman::Error for threads < 1.
void set_gemm_threads(int threads);
int gemm_threads();

// The paths of gemm_backend, exposed so that tests and benchmarks can run each one: elman's own kernel for each
// instruction set, and oneDNN (float only).
enum class GemmPath { Portable, Avx2, Avx512, OneDnn };

std::string_view gemm_path_name(GemmPath path);
// Whether this CPU (and this build) can run the path.
bool gemm_path_available(GemmPath path);
// The paths gemm_backend takes on this CPU: oneDNN for float, the widest own-kernel path for double.
GemmPath gemm_float_path();
GemmPath gemm_double_path();

// gemm_backend on the given path; throws elman::Error if the path is not available here (or, for double, is
// OneDnn).
void gemm_backend_on(GemmPath path, bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a,
                     int lda, const float* b, int ldb, float beta, float* c, int ldc);
void gemm_backend_on(GemmPath path, bool trans_a, bool trans_b, int m, int n, int k, double alpha, const double* a,
                     int lda, const double* b, int ldb, double beta, double* c, int ldc);

}  // namespace elman::kernels
