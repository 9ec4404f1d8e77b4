// The pointwise kernels for x86's vector extensions, each compiled for its instruction set in an isa_region.hpp region
// so that the rest of the library stays baseline x86-64: AVX2 + FMA (Haswell, Zen and later) and AVX-512 F/DQ/VL
// (Skylake-X, Zen 4 and later), the same loops 8 or 16 floats wide. Each gets its own namespace, so its own copies
// of the inline functions. pointwise_kernels() hands each set out only where the CPU reports its features.
#include <cstdint>

#include "elman/core/error.hpp"
#include "kernels/isa_region.hpp"
#include "kernels/pointwise_kernels.hpp"

#if defined(__x86_64__) || defined(__i386__)

#if !defined(__clang__)
#pragma GCC push_options
// The selects of vector_math.inc (clamps, sign choices) may only become vector blends if the arithmetic g++
// moves into their arms may be evaluated on both sides; without trapping math it may. Results are unchanged:
// elman never enables floating-point traps. (clang assumes no traps unless told otherwise.)
#pragma GCC optimize("no-trapping-math")
#endif

// Each set's section: its target, its namespace, the loops (fma_cell_loops.inc).
ELMAN_ISA_REGION_BEGIN("avx2,fma")
namespace elman::kernels::detail::avx2 {
#include "kernels/fma_cell_loops.inc"
}  // namespace elman::kernels::detail::avx2
ELMAN_ISA_REGION_END()

ELMAN_ISA_REGION_BEGIN(ELMAN_AVX512_FEATURES)
namespace elman::kernels::detail::avx512 {
#include "kernels/fma_cell_loops.inc"
}  // namespace elman::kernels::detail::avx512
ELMAN_ISA_REGION_END()

#if !defined(__clang__)
#pragma GCC pop_options
#endif

namespace elman::kernels::detail {

template <typename T>
const PointwiseKernels<T>& pointwise_kernels_avx2() {
  return avx2::kPointwiseKernels<T>;
}

template <typename T>
const PointwiseKernels<T>& pointwise_kernels_avx512() {
  return avx512::kPointwiseKernels<T>;
}

}  // namespace elman::kernels::detail

#else

namespace elman::kernels::detail {

template <typename T>
const PointwiseKernels<T>& pointwise_kernels_avx2() {
  fail("pointwise_kernels_avx2: not an x86 build");
}

template <typename T>
const PointwiseKernels<T>& pointwise_kernels_avx512() {
  fail("pointwise_kernels_avx512: not an x86 build");
}

}  // namespace elman::kernels::detail

#endif

namespace elman::kernels::detail {
template const PointwiseKernels<float>& pointwise_kernels_avx2<float>();
template const PointwiseKernels<double>& pointwise_kernels_avx2<double>();
template const PointwiseKernels<float>& pointwise_kernels_avx512<float>();
template const PointwiseKernels<double>& pointwise_kernels_avx512<double>();
}  // namespace elman::kernels::detail
