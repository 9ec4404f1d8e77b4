#include "elman/kernels/gemm_backend.hpp"

#include <oneapi/dnnl/dnnl.h>

#include <atomic>
#include <cstddef>
#include <memory>

#include "elman/core/error.hpp"
#include "kernels/cpu_features.hpp"
#include "kernels/gemm_blocked.hpp"

// The two functions of the OpenMP runtime API that set oneDNN's thread count, declared here rather than through
// <omp.h>: each compiler ships that header with its own runtime (g++ with libgomp, clang with libomp, a package of
// its own), while elman links, with either compiler, the runtime Debian's oneDNN runs on: libgomp.
extern "C" {
int omp_get_max_threads(void);
void omp_set_num_threads(int num_threads);
}

namespace elman::kernels {
namespace {

using detail::GemmProblem;
using detail::GemmWorkspace;

using detail::cpu_has_avx2_fma;
using detail::cpu_has_avx512f;

// One workspace per thread, allocated on its first call, so calls from several threads never share buffers.
// Both buffers start on a 64-byte cache line, so that no vector load of a packed panel straddles two lines.
template <typename T>
const GemmWorkspace<T>& thread_workspace() {
  constexpr std::size_t kLine = 64;
  constexpr std::size_t kSize = GemmWorkspace<T>::kPackedASize + GemmWorkspace<T>::kPackedBSize;
  static_assert(GemmWorkspace<T>::kPackedASize * sizeof(T) % kLine == 0, "packed B must start on a line too");
  thread_local const std::unique_ptr<T[]> storage = std::make_unique<T[]>(kSize + kLine / sizeof(T));
  thread_local const GemmWorkspace<T> workspace = [] {
    void* start = storage.get();
    std::size_t space = (kSize + kLine / sizeof(T)) * sizeof(T);
    T* packed_a = static_cast<T*>(std::align(kLine, kSize * sizeof(T), start, space));
    return GemmWorkspace<T>{packed_a, packed_a + GemmWorkspace<T>::kPackedASize};
  }();
  return workspace;
}

// BLAS's argument checks (xerbla): each stored row must be at least as long as the row it holds.
template <typename T>
void check_problem(const GemmProblem<T>& g) {
  if (g.m < 0 || g.n < 0 || g.k < 0) fail("gemm_backend: expected m, n, k >= 0, got {}, {}, {}", g.m, g.n, g.k);
  const int a_row = g.trans_a ? g.m : g.k;
  const int b_row = g.trans_b ? g.k : g.n;
  if (g.lda < a_row || g.lda < 1) fail("gemm_backend: expected lda >= {} (a row of A), got {}", a_row, g.lda);
  if (g.ldb < b_row || g.ldb < 1) fail("gemm_backend: expected ldb >= {} (a row of B), got {}", b_row, g.ldb);
  if (g.ldc < g.n || g.ldc < 1) fail("gemm_backend: expected ldc >= {} (a row of C), got {}", g.n, g.ldc);
}

// k == 0 or alpha == 0: C = beta * C, where beta == 0 writes zeros without reading C.
template <typename T>
void scale_c(const GemmProblem<T>& g) {
  for (int i = 0; i < g.m; ++i) {
    T* row = g.c + static_cast<long>(i) * g.ldc;
    for (int j = 0; j < g.n; ++j) row[j] = g.beta == T{0} ? T{0} : g.beta * row[j];
  }
}

// oneDNN's GEMM is row-major with BLAS semantics, as gemm_backend is, and picks its JIT kernel (AVX-512, AVX2,
// SSE4.1) from the CPU at run time (https://oneapi-src.github.io/oneDNN/v2.6/group_dnnl_api_blas.html).
//
// Threads per call: elman's own setting (set_gemm_threads, default 1), not the caller's OpenMP one. Debian's oneDNN
// runs its GEMM under OpenMP with one thread per core by default; on the products of one RNN step at small sizes
// (tens of µs) the fork, the join and libgomp's spin-waiting cost more than the second thread gives, and far more
// when another process holds the other core (docs/performance.md, "Fused vectorised pointwise kernels"), so products
// under kThreadedMacs run on one thread whatever the setting. For a given setting every product's summation order is
// fixed (oneDNN partitions statically), so results do not depend on the machine's core count. The caller's
// nthreads-var is set for the call and put back after it.
constexpr double kThreadedMacs = 1 << 17;

std::atomic<int> gemm_thread_setting{1};

class OpenMpThreads {
 public:
  explicit OpenMpThreads(int threads) : previous_(omp_get_max_threads()) { omp_set_num_threads(threads); }
  ~OpenMpThreads() { omp_set_num_threads(previous_); }
  OpenMpThreads(const OpenMpThreads&) = delete;
  OpenMpThreads& operator=(const OpenMpThreads&) = delete;

 private:
  int previous_;
};

void run_onednn(const GemmProblem<float>& g) {
  const bool large = double(g.m) * double(g.n) * double(g.k) >= kThreadedMacs;
  const OpenMpThreads threads(large ? gemm_thread_setting.load(std::memory_order_relaxed) : 1);
  const dnnl_status_t status = dnnl_sgemm(g.trans_a ? 'T' : 'N', g.trans_b ? 'T' : 'N', g.m, g.n, g.k, g.alpha, g.a,
                                          g.lda, g.b, g.ldb, g.beta, g.c, g.ldc);
  if (status != dnnl_success)
    fail("gemm_backend: oneDNN's dnnl_sgemm failed with status {} for m, n, k = {}, {}, {}", static_cast<int>(status),
         g.m, g.n, g.k);
}

void run_onednn(const GemmProblem<double>&) {
  fail("gemm_backend: path 'onednn' has no double precision (oneDNN has only dnnl_sgemm)");
}

template <typename T>
void run_on(GemmPath path, const GemmProblem<T>& g) {
  check_problem(g);
  if (g.m == 0 || g.n == 0) return;
  if (g.k == 0 || g.alpha == T{0}) return scale_c(g);
  switch (path) {
    case GemmPath::OneDnn:
      return run_onednn(g);
    case GemmPath::Avx512:
      return detail::gemm_avx512(g, thread_workspace<T>());
    case GemmPath::Avx2:
      return detail::gemm_avx2(g, thread_workspace<T>());
    case GemmPath::Portable:
      return detail::gemm_portable(g, thread_workspace<T>());
  }
}

template <typename T>
void run_checked_on(GemmPath path, const GemmProblem<T>& g) {
  if (!gemm_path_available(path)) fail("gemm_backend: path '{}' is not available on this CPU", gemm_path_name(path));
  run_on(path, g);
}

}  // namespace

std::string_view gemm_path_name(GemmPath path) {
  switch (path) {
    case GemmPath::Portable:
      return "portable";
    case GemmPath::Avx2:
      return "avx2";
    case GemmPath::Avx512:
      return "avx512";
    case GemmPath::OneDnn:
      return "onednn";
  }
  return "unknown";
}

bool gemm_path_available(GemmPath path) {
  switch (path) {
    case GemmPath::Portable:
      return true;
    case GemmPath::Avx2:
      return cpu_has_avx2_fma();
    case GemmPath::Avx512:
      return cpu_has_avx512f();
    case GemmPath::OneDnn:
      return true;
  }
  return false;
}

void set_gemm_threads(int threads) {
  if (threads < 1) fail("set_gemm_threads: expected at least 1 thread, got {}", threads);
  gemm_thread_setting.store(threads, std::memory_order_relaxed);
}

int gemm_threads() { return gemm_thread_setting.load(std::memory_order_relaxed); }

GemmPath gemm_float_path() { return GemmPath::OneDnn; }

GemmPath gemm_double_path() {
  static const GemmPath best = cpu_has_avx512f() ? GemmPath::Avx512
                               : cpu_has_avx2_fma() ? GemmPath::Avx2
                                                : GemmPath::Portable;
  return best;
}

void gemm_backend(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a, int lda, const float* b,
                  int ldb, float beta, float* c, int ldc) {
  run_on(gemm_float_path(), GemmProblem<float>{trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc});
}

void gemm_backend(bool trans_a, bool trans_b, int m, int n, int k, double alpha, const double* a, int lda,
                  const double* b, int ldb, double beta, double* c, int ldc) {
  run_on(gemm_double_path(), GemmProblem<double>{trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc});
}

void gemm_backend_on(GemmPath path, bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a,
                     int lda, const float* b, int ldb, float beta, float* c, int ldc) {
  run_checked_on(path, GemmProblem<float>{trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc});
}

void gemm_backend_on(GemmPath path, bool trans_a, bool trans_b, int m, int n, int k, double alpha, const double* a,
                     int lda, const double* b, int ldb, double beta, double* c, int ldc) {
  run_checked_on(path, GemmProblem<double>{trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc});
}

}  // namespace elman::kernels
