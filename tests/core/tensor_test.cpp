#include "elman/core/tensor.hpp"

#include <gtest/gtest.h>

#include "elman/core/random.hpp"

TEST(Tensor, HoldsShapeAndZeroedValues) {
  elman::Tensor<float> t({2, 3, 4});
  EXPECT_EQ(t.numel(), 24);
  EXPECT_EQ(t.dim(), 3);
  EXPECT_EQ(t.size(-1), 4);
  EXPECT_EQ(t[23], 0.0f);
}

TEST(Tensor, RejectsValuesThatDoNotFitTheShape) {
  try {
    elman::Tensor<double>({2, 2}, std::vector<double>{1, 2, 3});
    FAIL();
  } catch (const elman::Error& e) {
    EXPECT_STREQ(e.what(), "tensor of shape (2, 2) needs 4 values, got 3");
  }
}

TEST(Tensor, ReshapeKeepsValuesAndChecksCount) {
  elman::Tensor<double> t({2, 3}, {1, 2, 3, 4, 5, 6});
  t.reshape({3, 2});
  EXPECT_EQ(t.size(0), 3);
  EXPECT_EQ(t[5], 6.0);
  EXPECT_THROW(t.reshape({4}), elman::Error);
}

TEST(Shape, PrintsAsPyTorchDoes) {
  EXPECT_EQ(elman::to_string(elman::Shape{4}), "(4,)");
  EXPECT_EQ(elman::to_string(elman::Shape{4, 5}), "(4, 5)");
}

TEST(Rng, SameSeedGivesTheSameStream) {
  elman::Rng a(7), b(7), c(8);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(a.uniform(), b.uniform());
  EXPECT_NE(a.uniform(), c.uniform());
}

TEST(Rng, UniformStaysInItsRangeAndNormalHasUnitSpread) {
  elman::Rng rng(1);
  double sum = 0, sum2 = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform(-0.5, 0.5);
    ASSERT_GE(u, -0.5);
    ASSERT_LT(u, 0.5);
    const double z = rng.normal();
    sum += z;
    sum2 += z * z;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.03);
  EXPECT_NEAR(sum2 / n, 1.0, 0.05);
}
