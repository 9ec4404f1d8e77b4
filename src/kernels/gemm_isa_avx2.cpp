// The AVX2 + FMA GEMM path (Haswell, Zen and later), compiled for that ISA in an isa_region.hpp region so that the
// rest of the library stays baseline x86-64; gemm_backend calls it only where the CPU reports both features.
#include "elman/core/error.hpp"
#include "kernels/gemm_blocked.hpp"
#include "kernels/isa_region.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

ELMAN_ISA_REGION_BEGIN("avx2,fma")

namespace elman::kernels::detail {
namespace avx2 {

struct FloatRegister {
  using Scalar = float;
  using Reg = __m256;
  static constexpr int kWidth = 8;
  static Reg zero() { return _mm256_setzero_ps(); }
  static Reg load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, Reg x) { _mm256_storeu_ps(p, x); }
  static Reg broadcast(float x) { return _mm256_set1_ps(x); }
  static Reg fma(Reg a, Reg b, Reg c) { return _mm256_fmadd_ps(a, b, c); }
  static Reg mul(Reg a, Reg b) { return _mm256_mul_ps(a, b); }
};

struct DoubleRegister {
  using Scalar = double;
  using Reg = __m256d;
  static constexpr int kWidth = 4;
  static Reg zero() { return _mm256_setzero_pd(); }
  static Reg load(const double* p) { return _mm256_loadu_pd(p); }
  static void store(double* p, Reg x) { _mm256_storeu_pd(p, x); }
  static Reg broadcast(double x) { return _mm256_set1_pd(x); }
  static Reg fma(Reg a, Reg b, Reg c) { return _mm256_fmadd_pd(a, b, c); }
  static Reg mul(Reg a, Reg b) { return _mm256_mul_pd(a, b); }
};

#include "kernels/gemm_blocked_driver.inc"

}  // namespace avx2

// 6 x 2 registers: 12 accumulators + 2 B registers + 1 broadcast of the 16 ymm registers.
void gemm_avx2(const GemmProblem<float>& problem, const GemmWorkspace<float>& workspace) {
  avx2::gemm_blocked<avx2::FloatRegister, 6, 2>(problem, workspace);
}
void gemm_avx2(const GemmProblem<double>& problem, const GemmWorkspace<double>& workspace) {
  avx2::gemm_blocked<avx2::DoubleRegister, 6, 2>(problem, workspace);
}

}  // namespace elman::kernels::detail

ELMAN_ISA_REGION_END()

#else

namespace elman::kernels::detail {
void gemm_avx2(const GemmProblem<float>&, const GemmWorkspace<float>&) { fail("gemm_avx2: not an x86 build"); }
void gemm_avx2(const GemmProblem<double>&, const GemmWorkspace<double>&) { fail("gemm_avx2: not an x86 build"); }
}  // namespace elman::kernels::detail

#endif
