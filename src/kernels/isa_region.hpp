#pragma once
// Compiling a stretch of code for an instruction set beyond the build's baseline, with g++ or clang: the AVX2 and
// AVX-512 kernels sit between ELMAN_ISA_REGION_BEGIN(features) and ELMAN_ISA_REGION_END(), which g++ reads as
// `#pragma GCC target` and clang as a target attribute on every function declared in between. The rest of the
// library stays baseline x86-64; cpu_features.hpp decides at run time which region's code runs.

#define ELMAN_PRAGMA_TEXT(...) #__VA_ARGS__

#if defined(__clang__)
#define ELMAN_ISA_REGION_BEGIN(features) \
  _Pragma(ELMAN_PRAGMA_TEXT(clang attribute push(__attribute__((target(features))), apply_to = function)))
#define ELMAN_ISA_REGION_END() _Pragma("clang attribute pop")
// The AVX-512 kernels' features. clang's target attribute takes no vector width; for a generic x86-64 build its
// vectoriser already uses the full 512 bits once AVX-512 is on.
#define ELMAN_AVX512_FEATURES "avx512f,avx512dq,avx512vl,avx2,fma"
// A loop whose buffers are disjoint, or equal element for element: vectorise it without run-time overlap checks.
// Where nothing is vectorised (-O0, or under the sanitizers' instrumentation) clang would warn of each such loop.
#define ELMAN_IVDEP _Pragma("clang loop vectorize(assume_safety)")
#pragma clang diagnostic ignored "-Wpass-failed"
#else
#define ELMAN_ISA_REGION_BEGIN(features) _Pragma("GCC push_options") _Pragma(ELMAN_PRAGMA_TEXT(GCC target(features)))
#define ELMAN_ISA_REGION_END() _Pragma("GCC pop_options")
// g++ would otherwise keep 256-bit vectors for AVX-512 code (its tuning for the first AVX-512 CPUs).
#define ELMAN_AVX512_FEATURES "avx512f,avx512dq,avx512vl,avx2,fma,prefer-vector-width=512"
#define ELMAN_IVDEP _Pragma("GCC ivdep")
#endif
