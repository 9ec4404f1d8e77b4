#include "elman/nn/perceptron.hpp"

#include <cmath>

#include "elman/core/error.hpp"

namespace elman::nn {
namespace {

// The text scales every standard normal draw by 0.1.
constexpr double kWeightScale = 0.1;

std::int64_t checked_hidden_size(std::int64_t hidden_size) {
  if (hidden_size < 1) fail("perceptron: expected a hidden size of at least 1, got {}", hidden_size);
  return hidden_size;
}

// np.random.randn(rows, cols) * 0.1, filled row-major as numpy fills it.
Tensor<double> draw_weights(std::int64_t rows, std::int64_t cols, const NormalSource& normal) {
  Tensor<double> weights({rows, cols});
  for (std::int64_t k = 0; k < weights.numel(); ++k) weights[k] = normal() * kWeightScale;
  return weights;
}

// Row i of U times h, summed left to right as a plain dot product.
double row_dot(const Tensor<double>& U, std::int64_t i, const std::vector<double>& h) {
  const std::int64_t n = U.size(1);
  double sum = 0.0;
  for (std::int64_t j = 0; j < n; ++j) sum += U[i * n + j] * h[std::size_t(j)];
  return sum;
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

NormalSource numpy_normals(NumpyRandomState& random) {
  return [&random] { return random.standard_normal(); };
}
NormalSource rng_normals(Rng& random) {
  return [&random] { return random.normal(); };
}

}  // namespace

SimpleRNNPerceptron::SimpleRNNPerceptron(std::int64_t hidden_size, NumpyRandomState& random)
    : SimpleRNNPerceptron(hidden_size, numpy_normals(random)) {}
SimpleRNNPerceptron::SimpleRNNPerceptron(std::int64_t hidden_size, Rng& random)
    : SimpleRNNPerceptron(hidden_size, rng_normals(random)) {}

SimpleRNNPerceptron::SimpleRNNPerceptron(std::int64_t hidden_size, const NormalSource& normal)
    : W_x(draw_weights(checked_hidden_size(hidden_size), 1, normal)),
      W_h(draw_weights(hidden_size, hidden_size, normal)),
      b(std::size_t(hidden_size), 0.0),
      h_(std::size_t(hidden_size), 0.0) {}

const std::vector<double>& SimpleRNNPerceptron::step(double x_i) {
  std::vector<double> next(h_.size());
  for (std::int64_t i = 0; i < hidden_size(); ++i)
    next[std::size_t(i)] = std::tanh(W_x[i] * x_i + row_dot(W_h, i, h_) + b[std::size_t(i)]);
  h_ = std::move(next);
  return h_;
}

double LSTMPerceptron::Gate::pre_activation(std::int64_t i, double x, const std::vector<double>& h) const {
  return W[i] * x + row_dot(U, i, h) + b[std::size_t(i)];
}

LSTMPerceptron::LSTMPerceptron(std::int64_t hidden_size, NumpyRandomState& random)
    : LSTMPerceptron(hidden_size, numpy_normals(random)) {}
LSTMPerceptron::LSTMPerceptron(std::int64_t hidden_size, Rng& random)
    : LSTMPerceptron(hidden_size, rng_normals(random)) {}

LSTMPerceptron::LSTMPerceptron(std::int64_t hidden_size, const NormalSource& normal)
    : h_(std::size_t(checked_hidden_size(hidden_size)), 0.0), c_(std::size_t(hidden_size), 0.0) {
  // The text's draw order: gates f, n, c̃, o, each its W then its U.
  for (Gate* gate : {&forget, &input, &candidate, &output}) {
    gate->W = draw_weights(hidden_size, 1, normal);
    gate->U = draw_weights(hidden_size, hidden_size, normal);
    gate->b.assign(std::size_t(hidden_size), 0.0);
  }
}

const std::vector<double>& LSTMPerceptron::step(double x_i) {
  std::vector<double> next_h(h_.size());
  for (std::int64_t i = 0; i < hidden_size(); ++i) {
    const auto k = std::size_t(i);
    const double f = sigmoid(forget.pre_activation(i, x_i, h_));
    const double n = sigmoid(input.pre_activation(i, x_i, h_));
    const double o = sigmoid(output.pre_activation(i, x_i, h_));
    const double c_tilde = std::tanh(candidate.pre_activation(i, x_i, h_));
    c_[k] = f * c_[k] + n * c_tilde;
    next_h[k] = o * std::tanh(c_[k]);
  }
  h_ = std::move(next_h);
  return h_;
}

}  // namespace elman::nn
