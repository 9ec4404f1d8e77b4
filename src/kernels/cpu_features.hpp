#pragma once
// The CPU features elman's run-time dispatch asks about, in one place: the GEMM (gemm_backend.cpp), the pointwise
// kernels (pointwise_dispatch.cpp) and the streaming product (nn/stream.cpp) each pick their AVX2 path with these.

namespace elman::kernels::detail {

// AVX2 with FMA: the two together (Haswell, Zen and later), as the AVX2 paths are compiled for both.
inline bool cpu_has_avx2_fma() {
#if defined(__x86_64__) || defined(__i386__)
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

// libgcc's check also requires the OS to save the zmm state (XCR0), so a kernel without it falls back to AVX2.
inline bool cpu_has_avx512f() {
#if defined(__x86_64__) || defined(__i386__)
  return cpu_has_avx2_fma() && __builtin_cpu_supports("avx512f");
#else
  return false;
#endif
}

}  // namespace elman::kernels::detail
