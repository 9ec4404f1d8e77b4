// gemm_backend against a naive triple loop, on every path this CPU has (own kernel per ISA, oneDNN), for odd
// sizes that cross every blocking boundary (micro-tile, kc = 256, mc = 96, nc = 2048), all four transpose
// combinations and several alpha/beta. Inputs are multiples of 1/4 in [-2, 2], so every product and partial sum is
// exact in float: results must match exactly, whatever the summation order or FMA use.
#include "elman/kernels/gemm_backend.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "elman/core/error.hpp"

namespace elman::kernels {
namespace {

struct Shape {
  int m;
  int n;
  int k;
};

// A stored matrix of `rows` rows, each `cols` long plus 3 padding entries that must never be read or written.
template <typename T>
struct Stored {
  int rows;
  int cols;
  int ld;
  std::vector<T> data;
};

template <typename T>
Stored<T> quarter_matrix(int rows, int cols, unsigned seed) {
  Stored<T> s{rows, cols, cols + 3, std::vector<T>(static_cast<std::size_t>(rows) * (cols + 3))};
  unsigned state = seed;
  for (T& x : s.data) {
    state = state * 1664525u + 1013904223u;  // Numerical Recipes' LCG: reproducible, no <random> distribution
    x = static_cast<T>(static_cast<int>((state >> 16) % 17) - 8) / T{4};
  }
  return s;
}

template <typename T>
void naive_gemm(bool ta, bool tb, int m, int n, int k, T alpha, const Stored<T>& a, const Stored<T>& b, T beta,
                Stored<T>& c) {
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      T sum{0};
      for (int p = 0; p < k; ++p)
        sum += (ta ? a.data[p * a.ld + i] : a.data[i * a.ld + p]) * (tb ? b.data[j * b.ld + p] : b.data[p * b.ld + j]);
      T& out = c.data[i * c.ld + j];
      out = alpha * sum + (beta == T{0} ? T{0} : beta * out);
    }
}

template <typename T>
void expect_gemm_matches_naive(GemmPath path, bool ta, bool tb, Shape s, T alpha, T beta) {
  const Stored<T> a = ta ? quarter_matrix<T>(s.k, s.m, 1) : quarter_matrix<T>(s.m, s.k, 1);
  const Stored<T> b = tb ? quarter_matrix<T>(s.n, s.k, 2) : quarter_matrix<T>(s.k, s.n, 2);
  Stored<T> expected = quarter_matrix<T>(s.m, s.n, 3);
  Stored<T> actual = expected;
  naive_gemm(ta, tb, s.m, s.n, s.k, alpha, a, b, beta, expected);
  gemm_backend_on(path, ta, tb, s.m, s.n, s.k, alpha, a.data.data(), a.ld, b.data.data(), b.ld, beta,
                  actual.data.data(), actual.ld);
  ASSERT_EQ(actual.data, expected.data) << "path " << gemm_path_name(path) << " trans_a " << ta << " trans_b " << tb
                                        << " m " << s.m << " n " << s.n << " k " << s.k << " alpha " << alpha
                                        << " beta " << beta;
}

std::vector<Shape> odd_shapes() {
  std::vector<Shape> shapes;
  for (int m : {1, 7, 33})
    for (int n : {1, 7, 33})
      for (int k : {1, 7, 33}) shapes.push_back({m, n, k});
  for (Shape s : {Shape{513, 7, 33}, Shape{7, 513, 33}, Shape{33, 7, 513}, Shape{97, 33, 513}, Shape{7, 2100, 33}})
    shapes.push_back(s);
  return shapes;
}

class GemmBackendPath : public ::testing::TestWithParam<GemmPath> {
 protected:
  void SetUp() override {
    if (!gemm_path_available(GetParam()))
      GTEST_SKIP() << "this CPU cannot run the " << gemm_path_name(GetParam()) << " path";
  }
};

template <typename T>
void expect_all_cases_match(GemmPath path) {
  const std::vector<std::tuple<T, T>> scalars = {{T{1}, T{0}}, {T{0.5}, T{2}}, {T{-1.5}, T{1}}};
  for (Shape s : odd_shapes())
    for (bool ta : {false, true})
      for (bool tb : {false, true})
        for (auto [alpha, beta] : scalars) {
          expect_gemm_matches_naive<T>(path, ta, tb, s, alpha, beta);
          if (::testing::Test::HasFatalFailure()) return;
        }
}

TEST_P(GemmBackendPath, FloatMatchesNaiveLoopOnOddSizesTransposesAndScalars) {
  expect_all_cases_match<float>(GetParam());
}

TEST_P(GemmBackendPath, DoubleMatchesNaiveLoopOnOddSizesTransposesAndScalars) {
  if (GetParam() == GemmPath::OneDnn) GTEST_SKIP() << "oneDNN has no double GEMM (GemmBackend.OneDnnRejectsDouble)";
  expect_all_cases_match<double>(GetParam());
}

TEST_P(GemmBackendPath, BetaZeroOverwritesNanInC) {
  const Stored<float> a = quarter_matrix<float>(7, 33, 1);
  const Stored<float> b = quarter_matrix<float>(33, 7, 2);
  Stored<float> c{7, 7, 10, std::vector<float>(70, std::numeric_limits<float>::quiet_NaN())};
  Stored<float> expected = c;
  naive_gemm(false, false, 7, 7, 33, 1.0f, a, b, 0.0f, expected);
  gemm_backend_on(GetParam(), false, false, 7, 7, 33, 1.0f, a.data.data(), a.ld, b.data.data(), b.ld, 0.0f,
                  c.data.data(), c.ld);
  for (int i = 0; i < 7; ++i)
    for (int j = 0; j < 10; ++j) {
      const float x = c.data[i * 10 + j];
      if (j < 7)
        EXPECT_EQ(x, expected.data[i * 10 + j]) << i << ", " << j;
      else
        EXPECT_TRUE(std::isnan(x)) << "padding at " << i << ", " << j << " was written";
    }
}

TEST_P(GemmBackendPath, ZeroAlphaOrEmptyKOnlyScalesC) {
  const std::vector<float> a(6, std::numeric_limits<float>::quiet_NaN());  // must not be read
  std::vector<float> c = {1, 2, 3, 4};
  gemm_backend_on(GetParam(), false, false, 2, 2, 3, 0.0f, a.data(), 3, a.data(), 2, 3.0f, c.data(), 2);
  EXPECT_EQ(c, (std::vector<float>{3, 6, 9, 12}));
  gemm_backend_on(GetParam(), false, false, 2, 2, 0, 1.0f, a.data(), 1, a.data(), 2, 0.5f, c.data(), 2);
  EXPECT_EQ(c, (std::vector<float>{1.5, 3, 4.5, 6}));
}

INSTANTIATE_TEST_SUITE_P(AllPaths, GemmBackendPath,
                         ::testing::Values(GemmPath::Portable, GemmPath::Avx2, GemmPath::Avx512, GemmPath::OneDnn),
                         [](const ::testing::TestParamInfo<GemmPath>& info) {
                           return std::string(gemm_path_name(info.param));
                         });

template <typename T>
void expect_default_path_matches_naive_loop() {
  const Stored<T> a = quarter_matrix<T>(7, 33, 1);
  const Stored<T> b = quarter_matrix<T>(513, 7, 2);
  Stored<T> expected = quarter_matrix<T>(33, 513, 3);
  Stored<T> actual = expected;
  naive_gemm(true, true, 33, 513, 7, T{0.5}, a, b, T{2}, expected);
  gemm_backend(true, true, 33, 513, 7, T{0.5}, a.data.data(), a.ld, b.data.data(), b.ld, T{2}, actual.data.data(),
               actual.ld);
  EXPECT_EQ(actual.data, expected.data);
}

TEST(GemmBackend, FloatDefaultPathMatchesNaiveLoop) { expect_default_path_matches_naive_loop<float>(); }

TEST(GemmBackend, DoubleDefaultPathMatchesNaiveLoop) { expect_default_path_matches_naive_loop<double>(); }

TEST(GemmBackend, FloatUsesOneDnnAndDoubleTheWidestOwnPathAvailable) {
  EXPECT_EQ(gemm_float_path(), GemmPath::OneDnn);
  EXPECT_TRUE(gemm_path_available(gemm_double_path()));
  EXPECT_NE(gemm_double_path(), GemmPath::OneDnn);
  if (gemm_path_available(GemmPath::Avx512))
    EXPECT_EQ(gemm_double_path(), GemmPath::Avx512);
  else if (gemm_path_available(GemmPath::Avx2))
    EXPECT_EQ(gemm_double_path(), GemmPath::Avx2);
  else
    EXPECT_EQ(gemm_double_path(), GemmPath::Portable);
}

TEST(GemmBackend, OneDnnRejectsDouble) {
  double x = 1;
  try {
    gemm_backend_on(GemmPath::OneDnn, false, false, 1, 1, 1, 1.0, &x, 1, &x, 1, 0.0, &x, 1);
    FAIL() << "expected elman::Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "gemm_backend: path 'onednn' has no double precision (oneDNN has only dnnl_sgemm)");
  }
}

TEST(GemmBackend, RejectsNegativeSize) {
  float x = 0;
  try {
    gemm_backend(false, false, -1, 1, 1, 1.0f, &x, 1, &x, 1, 0.0f, &x, 1);
    FAIL() << "expected elman::Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "gemm_backend: expected m, n, k >= 0, got -1, 1, 1");
  }
}

TEST(GemmBackend, RejectsLeadingDimensionShorterThanARow) {
  const std::vector<double> x(64, 0.0);
  std::vector<double> c(64, 0.0);
  auto message = [&](int lda, int ldb, int ldc) {
    try {
      gemm_backend(true, false, 4, 5, 6, 1.0, x.data(), lda, x.data(), ldb, 0.0, c.data(), ldc);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(3, 5, 5), "gemm_backend: expected lda >= 4 (a row of A), got 3");
  EXPECT_EQ(message(4, 4, 5), "gemm_backend: expected ldb >= 5 (a row of B), got 4");
  EXPECT_EQ(message(4, 5, 4), "gemm_backend: expected ldc >= 5 (a row of C), got 4");
  EXPECT_EQ(message(4, 5, 5), "no error");
}

}  // namespace
}  // namespace elman::kernels
