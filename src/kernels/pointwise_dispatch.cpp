// Run-time choice of the pointwise kernels' instruction set (pointwise_kernels.hpp).
#include "elman/core/error.hpp"
#include "kernels/cpu_features.hpp"
#include "kernels/pointwise_kernels.hpp"

namespace elman::kernels::detail {

std::string_view pointwise_isa_name(PointwiseIsa isa) {
  switch (isa) {
    case PointwiseIsa::Portable:
      return "portable";
    case PointwiseIsa::Avx2:
      return "avx2";
    case PointwiseIsa::Avx512:
      return "avx512";
  }
  return "unknown";
}

bool pointwise_isa_available(PointwiseIsa isa) {
  switch (isa) {
    case PointwiseIsa::Portable:
      return true;
    case PointwiseIsa::Avx2:
      return cpu_has_avx2_fma();
    case PointwiseIsa::Avx512:
      return cpu_has_avx512_dq_vl();
  }
  return false;
}

PointwiseIsa pointwise_best_isa() {
  static const PointwiseIsa best = pointwise_isa_available(PointwiseIsa::Avx512) ? PointwiseIsa::Avx512
                                   : pointwise_isa_available(PointwiseIsa::Avx2)   ? PointwiseIsa::Avx2
                                                                                   : PointwiseIsa::Portable;
  return best;
}

template <typename T>
const PointwiseKernels<T>& pointwise_kernels(PointwiseIsa isa) {
  if (!pointwise_isa_available(isa))
    fail("pointwise_kernels: expected an instruction set this CPU has, got '{}'", pointwise_isa_name(isa));
  switch (isa) {
    case PointwiseIsa::Avx512:
      return pointwise_kernels_avx512<T>();
    case PointwiseIsa::Avx2:
      return pointwise_kernels_avx2<T>();
    default:
      return pointwise_kernels_portable<T>();
  }
}

template const PointwiseKernels<float>& pointwise_kernels<float>(PointwiseIsa);
template const PointwiseKernels<double>& pointwise_kernels<double>(PointwiseIsa);

}  // namespace elman::kernels::detail
