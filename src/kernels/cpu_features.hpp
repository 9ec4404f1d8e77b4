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

// AVX-512 F, DQ and VL: what the AVX-512 pointwise kernels are compiled for.
inline bool cpu_has_avx512_dq_vl() {
#if defined(__x86_64__) || defined(__i386__)
  return cpu_has_avx512f() && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
#else
  return false;
#endif
}

}  // namespace elman::kernels::detail
