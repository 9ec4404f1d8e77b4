// Cell<T>: one step of the same kernels as Recurrent<T>, with torch's cell names and shapes.
#include "elman/nn/cell.hpp"

#include <gtest/gtest.h>

namespace elman::nn {
namespace {

TEST(Cell, GivesTheSameStepAsARecurrentLayerOfOneStep) {
  for (Mode mode : {Mode::RnnTanh, Mode::RnnRelu, Mode::Lstm, Mode::Gru}) {
    Parameters<double> params;
    Cell<double> cell({mode, 3, 4, true}, params, "cell.");
    RecurrentConfig config;
    config.mode = mode;
    config.input_size = 3;
    config.hidden_size = 4;
    Recurrent<double> layer(config, params, "layer.");
    Rng rng(2);
    cell.reset_parameters(params, rng);
    for (std::size_t p = 0; p < 4; ++p)  // the layer's tensors take the cell's values
      std::copy(params.value(p).begin(), params.value(p).end(), params.value(p + 4).begin());
    Tensor<double> x({2, 3}), h({2, 4}), c({2, 4});
    for (std::int64_t i = 0; i < 6; ++i) x[i] = 0.3 * double(i) - 0.7;
    for (std::int64_t i = 0; i < 8; ++i) h[i] = 0.1 * double(i) - 0.4, c[i] = 0.2 - 0.05 * double(i);
    RecurrentCache<double> cache;
    const auto step = cell.forward(params, x, cache, &h, mode == Mode::Lstm ? &c : nullptr);
    Tensor<double> x3 = x, h3 = h, c3 = c;
    x3.reshape({1, 2, 3});
    h3.reshape({1, 2, 4});
    c3.reshape({1, 2, 4});
    const auto out = layer.forward(params, x3, cache, &h3, mode == Mode::Lstm ? &c3 : nullptr);
    EXPECT_EQ(step.h.shape(), (Shape{2, 4}));
    EXPECT_TRUE(std::equal(step.h.span().begin(), step.h.span().end(), out.h_n.span().begin())) << mode_name(mode);
    if (mode == Mode::Lstm) {
      EXPECT_TRUE(std::equal(step.c.span().begin(), step.c.span().end(), out.c_n.span().begin()));
    }
  }
}

TEST(Cell, UsesTorchCellParameterNames) {
  Parameters<float> params;
  Cell<float> cell({Mode::Gru, 2, 5, true}, params, "gru.");
  ASSERT_EQ(params.count(), 4u);
  EXPECT_EQ(params.name(0), "gru.weight_ih");
  EXPECT_EQ(params.shape(0), (Shape{15, 2}));
  EXPECT_EQ(params.name(3), "gru.bias_hh");
}

TEST(Cell, RejectsAHiddenStateOfTheWrongSize) {
  Parameters<double> params;
  Cell<double> cell({Mode::RnnTanh, 2, 3, false}, params);
  RecurrentCache<double> cache;
  const Tensor<double> h({4, 2});
  try {
    cell.forward(params, Tensor<double>({4, 2}), cache, &h);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "h: expected hidden size (4, 3), got (4, 2)");
  }
}

}  // namespace
}  // namespace elman::nn
