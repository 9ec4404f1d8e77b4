// The GEMM front against the textbook reference, in every transpose combination, with padded strides.
#include "elman/kernels/gemm.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "elman/core/random.hpp"

namespace elman::kernels {
namespace {

template <typename T>
void expect_gemm_matches_reference(bool trans_a, bool trans_b, T alpha, T beta) {
  const std::int64_t m = 5, n = 7, k = 3, pad = 2;
  Rng rng(11);
  auto random = [&](std::int64_t count) {
    std::vector<T> v(static_cast<std::size_t>(count));
    for (auto& x : v) x = T(rng.normal());
    return v;
  };
  const std::int64_t lda = (trans_a ? m : k) + pad, ldb = (trans_b ? k : n) + pad, ldc = n + pad;
  const auto a = random((trans_a ? k : m) * lda), b = random((trans_b ? n : k) * ldb);
  auto c = random(m * ldc);
  auto expected = c;
  gemm(trans_a, trans_b, m, n, k, alpha, a.data(), lda, b.data(), ldb, beta, c.data(), ldc);
  gemm_reference(trans_a, trans_b, m, n, k, alpha, a.data(), lda, b.data(), ldb, beta, expected.data(), ldc);
  for (std::int64_t i = 0; i < m; ++i)
    for (std::int64_t j = 0; j < ldc; ++j)
      EXPECT_NEAR(c[std::size_t(i * ldc + j)], expected[std::size_t(i * ldc + j)], 1e-5) << i << "," << j;
}

TEST(Gemm, MatchesReferenceInEveryTransposeCombination) {
  for (bool trans_a : {false, true})
    for (bool trans_b : {false, true}) {
      expect_gemm_matches_reference<double>(trans_a, trans_b, 1.0, 0.0);
      expect_gemm_matches_reference<double>(trans_a, trans_b, -0.5, 1.0);
      expect_gemm_matches_reference<float>(trans_a, trans_b, 2.0f, 0.25f);
    }
}

TEST(Gemm, ComputesASmallProductExactly) {
  const double a[] = {1, 2, 3, 4};  // (2, 2)
  const double b[] = {5, 6, 7, 8};  // (2, 2)
  double c[4];
  gemm(false, false, 2, 2, 2, 1.0, a, 2, b, 2, 0.0, c, 2);
  EXPECT_EQ(std::vector<double>(c, c + 4), (std::vector<double>{19, 22, 43, 50}));
  gemm(true, true, 2, 2, 2, 1.0, a, 2, b, 2, 0.0, c, 2);  // A^T B^T = (BA)^T
  EXPECT_EQ(std::vector<double>(c, c + 4), (std::vector<double>{23, 31, 34, 46}));
}

TEST(Gemm, ZeroBetaOverwritesNaNInOutput) {
  const float a[] = {1, 2}, b[] = {3, 4};
  float c[] = {std::numeric_limits<float>::quiet_NaN()};
  gemm(false, true, 1, 1, 2, 1.0f, a, 2, b, 2, 0.0f, c, 1);
  EXPECT_EQ(c[0], 11.0f);
}

}  // namespace
}  // namespace elman::kernels
