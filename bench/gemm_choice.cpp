// Times single-precision GEMM, single thread, for the shapes an RNN layer runs (DESIGN.md's schedule), for one
// candidate library: the program is built once per candidate (bench/CMakeLists.txt defines ELMAN_GEMM_CANDIDATE_*)
// so that BLAS libraries exporting the same symbols (cblas_sgemm, sgemm_) never meet in one process.
// Every candidate is called through one row-major signature, BLAS semantics, as gemm_backend is.
//   input projection  gx (T*N, G*H) = x (T*N, I) * W_ih^T          T = 100, N = 64, I = H = 512
//   recurrent step    gh (N, G*H)   = h (N, H) * W_hh^T            (N, H) = (64, 512), (32, 64), (1, 64)
//   weight gradient   dW_ih (G*H, I) += dgx^T (G*H, T*N) * x (T*N, I)
// GFLOP/s counts 2 m n k per call, over the thread's CPU time. bench/run_gemm_choice.sh runs every candidate and
// bench/gemm_choice_table.py tabulates the medians (docs/performance.md).
#include <benchmark/benchmark.h>

#include <cstddef>
#include <random>
#include <string>
#include <vector>

#if defined(_OPENMP)
#include <omp.h>
#endif

#if defined(ELMAN_GEMM_CANDIDATE_ELMAN)
#include "elman/kernels/gemm_backend.hpp"
#elif defined(ELMAN_GEMM_CANDIDATE_ONEDNN)
#include <oneapi/dnnl/dnnl.h>
#elif defined(ELMAN_GEMM_CANDIDATE_OPENBLAS)
#include <cblas.h>
#elif defined(ELMAN_GEMM_CANDIDATE_BLIS)
#include <blis.h>
#elif defined(ELMAN_GEMM_CANDIDATE_EIGEN)
#include <Eigen/Core>
#elif defined(ELMAN_GEMM_CANDIDATE_LIBXSMM)
#include <libxsmm.h>
#else
#error "define one ELMAN_GEMM_CANDIDATE_*"
#endif

namespace {

struct Shape {
  std::string name;
  bool trans_a;
  bool trans_b;
  int m;
  int n;
  int k;
  float beta;  // the weight gradient accumulates (beta = 1), as the backward pass does
};

std::vector<Shape> rnn_shapes() {
  constexpr int kSteps = 100, kBatch = 64, kInput = 512, kHidden = 512;
  std::vector<Shape> shapes;
  for (int g : {1, 3, 4})
    shapes.push_back({"input_proj/G" + std::to_string(g), false, true, kSteps * kBatch, g * kHidden, kInput, 0.0f});
  for (auto [n, h] : {std::pair{64, 512}, std::pair{32, 64}, std::pair{1, 64}})
    for (int g : {1, 3, 4})
      shapes.push_back({"recurrent/N" + std::to_string(n) + "_H" + std::to_string(h) + "_G" + std::to_string(g), false,
                        true, n, g * h, h, 0.0f});
  for (int g : {1, 3, 4})
    shapes.push_back({"weight_grad/G" + std::to_string(g), true, false, g * kHidden, kInput, kSteps * kBatch, 1.0f});
  return shapes;
}

using GemmFunction = void (*)(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
                              const float* b, int ldb, float beta, float* c, int ldc);

#if defined(ELMAN_GEMM_CANDIDATE_ELMAN)
void elman_gemm(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
                float beta, float* c, int ldc) {
  elman::kernels::gemm_backend(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

template <elman::kernels::GemmPath kPath>
void elman_own_gemm(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda, const float* b,
                    int ldb, float beta, float* c, int ldc) {
  elman::kernels::gemm_backend_on(kPath, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
#elif defined(ELMAN_GEMM_CANDIDATE_ONEDNN)
// The instruction set oneDNN's JIT chose on this CPU (dnnl_cpu_isa_t, dnnl_types.h), printed in the run's context.
std::string onednn_isa_name(dnnl_cpu_isa_t isa) {
  switch (isa) {
    case dnnl_cpu_isa_sse41:
      return "sse41";
    case dnnl_cpu_isa_avx:
      return "avx";
    case dnnl_cpu_isa_avx2:
      return "avx2";
    case dnnl_cpu_isa_avx512_core:
      return "avx512_core";
    case dnnl_cpu_isa_avx512_core_vnni:
      return "avx512_core_vnni";
    case dnnl_cpu_isa_avx512_core_bf16:
      return "avx512_core_bf16";
    case dnnl_cpu_isa_avx512_core_amx:
      return "avx512_core_amx";
    default:
      return "dnnl_cpu_isa_t " + std::to_string(static_cast<int>(isa));
  }
}

void onednn_gemm(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
                 float beta, float* c, int ldc) {
  dnnl_sgemm(ta ? 'T' : 'N', tb ? 'T' : 'N', m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);  // row-major already
}
#elif defined(ELMAN_GEMM_CANDIDATE_OPENBLAS)
void openblas_gemm(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
                   float beta, float* c, int ldc) {
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, alpha, a, lda, b,
              ldb, beta, c, ldc);
}
#elif defined(ELMAN_GEMM_CANDIDATE_BLIS)
void blis_gemm(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
               float beta, float* c, int ldc) {
  // BLIS takes a row and a column stride per matrix: row-major storage is (ld, 1).
  bli_sgemm(ta ? BLIS_TRANSPOSE : BLIS_NO_TRANSPOSE, tb ? BLIS_TRANSPOSE : BLIS_NO_TRANSPOSE, m, n, k, &alpha,
            const_cast<float*>(a), lda, 1, const_cast<float*>(b), ldb, 1, &beta, c, ldc, 1);
}
#elif defined(ELMAN_GEMM_CANDIDATE_EIGEN)
using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstView = Eigen::Map<const RowMajor, Eigen::Unaligned, Eigen::OuterStride<> >;
using View = Eigen::Map<RowMajor, Eigen::Unaligned, Eigen::OuterStride<> >;

template <typename A, typename B>
void eigen_update(View& c, float alpha, const A& a, const B& b, float beta) {
  if (beta == 0.0f) {
    c.noalias() = alpha * a * b;
  } else {
    c *= beta;
    c.noalias() += alpha * a * b;
  }
}

void eigen_gemm(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
                float beta, float* c, int ldc) {
  const ConstView av(a, ta ? k : m, ta ? m : k, Eigen::OuterStride<>(lda));
  const ConstView bv(b, tb ? n : k, tb ? k : n, Eigen::OuterStride<>(ldb));
  View cv(c, m, n, Eigen::OuterStride<>(ldc));
  if (ta && tb) eigen_update(cv, alpha, av.transpose(), bv.transpose(), beta);
  if (ta && !tb) eigen_update(cv, alpha, av.transpose(), bv, beta);
  if (!ta && tb) eigen_update(cv, alpha, av, bv.transpose(), beta);
  if (!ta && !tb) eigen_update(cv, alpha, av, bv, beta);
}
#elif defined(ELMAN_GEMM_CANDIDATE_LIBXSMM)
void libxsmm_gemm(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
                  float beta, float* c, int ldc) {
  // Column-major: row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T.
  const char tra = tb ? 'T' : 'N', trb = ta ? 'T' : 'N';
  const libxsmm_blasint mm = n, nn = m, kk = k, la = ldb, lb = lda, lc = ldc;
  libxsmm_sgemm(&tra, &trb, &mm, &nn, &kk, &alpha, b, &la, a, &lb, &beta, c, &lc);
}
#endif

void time_gemm(benchmark::State& state, GemmFunction gemm, const Shape& s) {
  const int a_rows = s.trans_a ? s.k : s.m, a_cols = s.trans_a ? s.m : s.k;
  const int b_rows = s.trans_b ? s.n : s.k, b_cols = s.trans_b ? s.k : s.n;
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  auto random_matrix = [&](std::size_t size) {
    std::vector<float> x(size);
    for (float& v : x) v = uniform(rng);
    return x;
  };
  const std::vector<float> a = random_matrix(static_cast<std::size_t>(a_rows) * a_cols);
  const std::vector<float> b = random_matrix(static_cast<std::size_t>(b_rows) * b_cols);
  std::vector<float> c = random_matrix(static_cast<std::size_t>(s.m) * s.n);
  // One untimed call first: oneDNN and libxsmm generate their JIT kernels on first use (oneDNN: ~30 ms).
  gemm(s.trans_a, s.trans_b, s.m, s.n, s.k, 1.0f, a.data(), a_cols, b.data(), b_cols, s.beta, c.data(), s.n);
  for (auto _ : state) {
    gemm(s.trans_a, s.trans_b, s.m, s.n, s.k, 1.0f, a.data(), a_cols, b.data(), b_cols, s.beta, c.data(), s.n);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  state.counters["GFLOPs"] = benchmark::Counter(2e-9 * s.m * s.n * s.k, benchmark::Counter::kIsIterationInvariantRate);
}

void register_candidate(const std::string& candidate, GemmFunction gemm) {
  for (const Shape& s : rnn_shapes())
    benchmark::RegisterBenchmark((candidate + "/" + s.name).c_str(), [gemm, s](benchmark::State& state) {
      time_gemm(state, gemm, s);
    })->Unit(benchmark::kMicrosecond);  // CPU time: a process descheduled on a busy machine is not charged
}

void register_candidates() {
#if defined(_OPENMP)
  omp_set_num_threads(1);  // oneDNN (inside elman's float path too) and BLIS run on the caller's OpenMP threads
#endif
#if defined(ELMAN_GEMM_CANDIDATE_ELMAN)
  using elman::kernels::GemmPath;
  register_candidate("elman", elman_gemm);
  // elman's own kernel on each instruction set this CPU runs: the double paths, and what float would get instead.
  if (elman::kernels::gemm_path_available(GemmPath::Avx512))
    register_candidate("elman_own_avx512", elman_own_gemm<GemmPath::Avx512>);
  if (elman::kernels::gemm_path_available(GemmPath::Avx2))
    register_candidate("elman_own_avx2", elman_own_gemm<GemmPath::Avx2>);
  register_candidate("elman_own_portable", elman_own_gemm<GemmPath::Portable>);
#elif defined(ELMAN_GEMM_CANDIDATE_ONEDNN)
  benchmark::AddCustomContext("onednn_cpu_isa", onednn_isa_name(dnnl_get_effective_cpu_isa()));
  register_candidate("onednn", onednn_gemm);
#elif defined(ELMAN_GEMM_CANDIDATE_OPENBLAS)
  openblas_set_num_threads(1);
  register_candidate("openblas", openblas_gemm);
#elif defined(ELMAN_GEMM_CANDIDATE_BLIS)
  bli_thread_set_num_threads(1);
  register_candidate("blis", blis_gemm);
#elif defined(ELMAN_GEMM_CANDIDATE_EIGEN)
  register_candidate(ELMAN_GEMM_CANDIDATE_EIGEN, eigen_gemm);  // "eigen" or "eigen_avx2", by compile flags
#elif defined(ELMAN_GEMM_CANDIDATE_LIBXSMM)
  libxsmm_init();
  register_candidate("libxsmm", libxsmm_gemm);
#endif
}

}  // namespace

int main(int argc, char** argv) {
  register_candidates();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
