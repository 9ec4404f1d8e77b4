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
  }
  return "unknown";
}

bool pointwise_isa_available(PointwiseIsa isa) {
  switch (isa) {
    case PointwiseIsa::Portable:
      return true;
    case PointwiseIsa::Avx2:
      return cpu_has_avx2_fma();
  }
  return false;
}

PointwiseIsa pointwise_best_isa() {
  static const PointwiseIsa best =
      pointwise_isa_available(PointwiseIsa::Avx2) ? PointwiseIsa::Avx2 : PointwiseIsa::Portable;
  return best;
}

template <typename T>
const PointwiseKernels<T>& pointwise_kernels(PointwiseIsa isa) {
  if (!pointwise_isa_available(isa))
    fail("pointwise_kernels: expected an instruction set this CPU has, got '{}'", pointwise_isa_name(isa));
  return isa == PointwiseIsa::Avx2 ? pointwise_kernels_avx2<T>() : pointwise_kernels_portable<T>();
}

template const PointwiseKernels<float>& pointwise_kernels<float>(PointwiseIsa);
template const PointwiseKernels<double>& pointwise_kernels<double>(PointwiseIsa);

}  // namespace elman::kernels::detail
