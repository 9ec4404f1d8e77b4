// The AVX-512F GEMM path (Skylake-SP, Ice Lake, Zen 4 and later), compiled for that ISA in an isa_region.hpp region so
// that the rest of the library stays baseline x86-64; gemm_backend calls it only where the CPU (and the OS, which
// must save the zmm registers) reports AVX-512F, AVX2 and FMA.
#include "elman/core/error.hpp"
#include "kernels/gemm_blocked.hpp"
#include "kernels/isa_region.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

ELMAN_ISA_REGION_BEGIN("avx512f,avx2,fma")

namespace elman::kernels::detail {
namespace avx512 {

struct FloatRegister {
  using Scalar = float;
  using Reg = __m512;
  static constexpr int kWidth = 16;
  static Reg zero() { return _mm512_setzero_ps(); }
  static Reg load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, Reg x) { _mm512_storeu_ps(p, x); }
  static Reg broadcast(float x) { return _mm512_set1_ps(x); }
  static Reg fma(Reg a, Reg b, Reg c) { return _mm512_fmadd_ps(a, b, c); }
  static Reg mul(Reg a, Reg b) { return _mm512_mul_ps(a, b); }
};

struct DoubleRegister {
  using Scalar = double;
  using Reg = __m512d;
  static constexpr int kWidth = 8;
  static Reg zero() { return _mm512_setzero_pd(); }
  static Reg load(const double* p) { return _mm512_loadu_pd(p); }
  static void store(double* p, Reg x) { _mm512_storeu_pd(p, x); }
  static Reg broadcast(double x) { return _mm512_set1_pd(x); }
  static Reg fma(Reg a, Reg b, Reg c) { return _mm512_fmadd_pd(a, b, c); }
  static Reg mul(Reg a, Reg b) { return _mm512_mul_pd(a, b); }
};

#include "kernels/gemm_blocked_driver.inc"

}  // namespace avx512

// 8 x 2 registers: 16 accumulators + 2 B registers + 1 broadcast of the 32 zmm registers.
void gemm_avx512(const GemmProblem<float>& problem, const GemmWorkspace<float>& workspace) {
  avx512::gemm_blocked<avx512::FloatRegister, 8, 2>(problem, workspace);
}
void gemm_avx512(const GemmProblem<double>& problem, const GemmWorkspace<double>& workspace) {
  avx512::gemm_blocked<avx512::DoubleRegister, 8, 2>(problem, workspace);
}

}  // namespace elman::kernels::detail

ELMAN_ISA_REGION_END()

#else

namespace elman::kernels::detail {
void gemm_avx512(const GemmProblem<float>&, const GemmWorkspace<float>&) { fail("gemm_avx512: not an x86 build"); }
void gemm_avx512(const GemmProblem<double>&, const GemmWorkspace<double>&) { fail("gemm_avx512: not an x86 build"); }
}  // namespace elman::kernels::detail

#endif
