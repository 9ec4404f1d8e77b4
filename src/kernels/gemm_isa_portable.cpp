// The portable GEMM path: plain C++ for any target, the fallback where neither AVX2 nor AVX-512 is available.
#include "kernels/gemm_blocked.hpp"

namespace elman::kernels::detail {
namespace portable {

template <typename T>
struct ScalarRegister {
  using Scalar = T;
  using Reg = T;
  static constexpr int kWidth = 1;
  static Reg zero() { return T{0}; }
  static Reg load(const T* p) { return *p; }
  static void store(T* p, Reg x) { *p = x; }
  static Reg broadcast(T x) { return x; }
  static Reg fma(Reg a, Reg b, Reg c) { return a * b + c; }
  static Reg mul(Reg a, Reg b) { return a * b; }
};

#include "kernels/gemm_blocked_driver.inc"

}  // namespace portable

// A 4 x 4 tile: 16 accumulators fit the 16 registers of baseline x86-64 and most other targets.
void gemm_portable(const GemmProblem<float>& problem, const GemmWorkspace<float>& workspace) {
  portable::gemm_blocked<portable::ScalarRegister<float>, 4, 4>(problem, workspace);
}
void gemm_portable(const GemmProblem<double>& problem, const GemmWorkspace<double>& workspace) {
  portable::gemm_blocked<portable::ScalarRegister<double>, 4, 4>(problem, workspace);
}

}  // namespace elman::kernels::detail
