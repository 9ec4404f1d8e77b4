#pragma once
// The blocked GEMM of gemm_backend (GotoBLAS's scheme, Goto & van de Geijn, "Anatomy of High-Performance Matrix
// Multiplication", TOMS 2008): op(B) is packed in kc x nc blocks of NR-wide column panels, op(A) in mc x kc blocks
// of MR-tall row panels, and a register-blocked micro-kernel multiplies one A panel by one B panel into an
// MR x NR tile of C held in vector registers.
//
// This header holds only the ISA-independent parts: the problem, the blocking and the workspace. The driver that
// is compiled once per instruction set lives in gemm_blocked_driver.inc (see gemm_isa_*.cpp).
#include <cstddef>

namespace elman::kernels::detail {

// Row-major C (m, n) = alpha * op(A) (m, k) * op(B) (k, n) + beta * C, with BLAS semantics.
template <typename T>
struct GemmProblem {
  bool trans_a;
  bool trans_b;
  int m;
  int n;
  int k;
  T alpha;
  const T* a;
  int lda;
  const T* b;
  int ldb;
  T beta;
  T* c;
  int ldc;
};

// Cache blocking shared by every ISA: kc * NR floats of a B panel and kc * MR of an A panel stay in L1, an
// mc x kc block of A in L2, a kc x nc block of B in L3. The largest micro-kernel tile bounds the workspace.
inline constexpr int kGemmKc = 256;
inline constexpr int kGemmMc = 96;
inline constexpr int kGemmNc = 2048;
inline constexpr int kGemmMaxMr = 8;
inline constexpr int kGemmMaxNr = 32;

// Packing buffers, sized for the largest tile, owned by the caller so that no call allocates.
template <typename T>
struct GemmWorkspace {
  static constexpr std::size_t kPackedASize = std::size_t{kGemmMc + kGemmMaxMr} * kGemmKc;
  static constexpr std::size_t kPackedBSize = std::size_t{kGemmNc + kGemmMaxNr} * kGemmKc;
  T* packed_a;  // kPackedASize elements
  T* packed_b;  // kPackedBSize elements
};

// One entry point per instruction set, each in its own translation unit compiled for that ISA.
void gemm_portable(const GemmProblem<float>& problem, const GemmWorkspace<float>& workspace);
void gemm_portable(const GemmProblem<double>& problem, const GemmWorkspace<double>& workspace);
void gemm_avx2(const GemmProblem<float>& problem, const GemmWorkspace<float>& workspace);
void gemm_avx2(const GemmProblem<double>& problem, const GemmWorkspace<double>& workspace);
void gemm_avx512(const GemmProblem<float>& problem, const GemmWorkspace<float>& workspace);
void gemm_avx512(const GemmProblem<double>& problem, const GemmWorkspace<double>& workspace);

}  // namespace elman::kernels::detail
