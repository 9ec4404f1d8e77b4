// gemm_backend runs oneDNN's float GEMM on elman's own thread setting (set_gemm_threads, default 1), never on the
// caller's OpenMP one: results do not depend on the caller's setting, the setting is the caller's again afterwards,
// and for a given elman setting the results are the same call after call.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "elman/core/error.hpp"
#include "elman/kernels/gemm_backend.hpp"

// The OpenMP runtime's API, as gemm_backend.cpp declares it (libgomp, with g++ or clang).
extern "C" {
int omp_get_max_threads(void);
void omp_set_num_threads(int num_threads);
}

namespace elman::kernels {
namespace {

// C = Aᵀ B with a long k (A: k × m, B: k × n), the weight-gradient shape. Debian's oneDNN 2.6 on 4 OpenMP threads
// splits k for 64 × 64 × 20000 and then differs from its 1-thread result in 4068 of the 4096 entries.
std::vector<float> weight_gradient_product(int m, int n, int k) {
  std::vector<float> a(std::size_t(k) * m), b(std::size_t(k) * n), c(std::size_t(m) * n, 0.0f);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = std::sin(0.37f * float(i));
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = std::cos(0.11f * float(i));
  gemm_backend(true, false, m, n, k, 1.0f, a.data(), m, b.data(), n, 0.0f, c.data(), n);
  return c;
}

TEST(GemmBackendThreads, FloatResultsDoNotDependOnTheCallersOpenMpThreadCount) {
  const int previous = omp_get_max_threads();
  omp_set_num_threads(1);
  const std::vector<float> one = weight_gradient_product(64, 64, 20000);
  omp_set_num_threads(4);
  const std::vector<float> four = weight_gradient_product(64, 64, 20000);
  omp_set_num_threads(previous);
  EXPECT_EQ(one, four);
}

TEST(GemmBackendThreads, TheCallersOpenMpThreadCountIsPutBack) {
  const int previous = omp_get_max_threads();
  omp_set_num_threads(3);
  weight_gradient_product(16, 16, 64);
  EXPECT_EQ(omp_get_max_threads(), 3);
  omp_set_num_threads(previous);
}

// Sets elman's GEMM threads for one scope and puts the previous setting back.
class GemmThreads {
 public:
  explicit GemmThreads(int threads) : previous_(gemm_threads()) { set_gemm_threads(threads); }
  ~GemmThreads() { set_gemm_threads(previous_); }

 private:
  int previous_;
};

TEST(GemmBackendThreads, DefaultIsOneThread) { EXPECT_EQ(gemm_threads(), 1); }

TEST(GemmBackendThreads, TwoThreadsGiveTheSameResultsCallAfterCallAndAgreeWithOne) {
  const std::vector<float> one = weight_gradient_product(64, 64, 20000);
  const GemmThreads two(2);
  const std::vector<float> first = weight_gradient_product(64, 64, 20000);
  for (int call = 0; call < 3; ++call) EXPECT_EQ(weight_gradient_product(64, 64, 20000), first);
  ASSERT_EQ(first.size(), one.size());
  for (std::size_t i = 0; i < one.size(); ++i) EXPECT_NEAR(first[i], one[i], 1e-2f) << i;
}

TEST(GemmBackendThreads, ElmansSettingLeavesTheCallersOpenMpCountAlone) {
  const int previous = omp_get_max_threads();
  omp_set_num_threads(3);
  {
    const GemmThreads two(2);
    weight_gradient_product(64, 64, 2000);
  }
  EXPECT_EQ(omp_get_max_threads(), 3);
  omp_set_num_threads(previous);
}

TEST(GemmBackendThreads, RejectsFewerThanOneThread) {
  try {
    set_gemm_threads(0);
    FAIL() << "expected elman::Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "set_gemm_threads: expected at least 1 thread, got 0");
  }
  EXPECT_EQ(gemm_threads(), 1);
}

}  // namespace
}  // namespace elman::kernels
