#pragma once
// The text's teaching perceptrons, one input feature and one hidden layer, written as plainly as the Python:
// SimpleRNNPerceptron (the text's feedback perceptron) and LSTMPerceptron (the follow-up text's gated one).
// Built from numpy's legacy generator they draw the very weights `np.random.seed(S)` gives the Python code,
// so their hidden states equal the text's to rounding. The fast layers of this folder live in recurrent.hpp.
#include <cstdint>
#include <functional>
#include <vector>

#include "elman/core/numpy_random.hpp"
#include "elman/core/random.hpp"
#include "elman/core/tensor.hpp"

namespace elman::nn {

// Where the weights' standard normal draws come from: numpy's stream or elman's own Rng.
using NormalSource = std::function<double()>;

// h_i = tanh(W_x x_i + W_h h_{i-1} + b), with W_x = randn(H, 1) * 0.1, then W_h = randn(H, H) * 0.1, b = 0, h_0 = 0.
class SimpleRNNPerceptron {
 public:
  SimpleRNNPerceptron(std::int64_t hidden_size, NumpyRandomState& random);
  SimpleRNNPerceptron(std::int64_t hidden_size, Rng& random);
  SimpleRNNPerceptron(std::int64_t hidden_size, const NormalSource& normal);

  // Feeds one input and returns the new hidden state h_i (H values).
  const std::vector<double>& step(double x_i);
  const std::vector<double>& hidden_state() const { return h_; }
  std::int64_t hidden_size() const { return std::int64_t(h_.size()); }

  Tensor<double> W_x;     // (H, 1)
  Tensor<double> W_h;     // (H, H)
  std::vector<double> b;  // (H)

 private:
  std::vector<double> h_;
};

// The follow-up text's LSTM perceptron. Drawn in the order W_f, U_f, W_n, U_n, W_c, U_c, W_o, U_o (each
// randn(...) * 0.1; W are (H, 1), U are (H, H)), biases zero, h_0 = c_0 = 0. Per step:
//   f = σ(W_f x + U_f h + b_f)   n = σ(W_n x + U_n h + b_n)   o = σ(W_o x + U_o h + b_o)
//   c̃ = tanh(W_c x + U_c h + b_c)   c = f ⊙ c + n ⊙ c̃   h = o ⊙ tanh(c),   σ(x) = 1 / (1 + exp(−x)).
class LSTMPerceptron {
 public:
  // One gate's weights: W (H, 1) for the input, U (H, H) for the previous hidden state, b (H).
  struct Gate {
    Tensor<double> W;
    Tensor<double> U;
    std::vector<double> b;
    // W x + U h + b for hidden unit i.
    double pre_activation(std::int64_t i, double x, const std::vector<double>& h) const;
  };

  LSTMPerceptron(std::int64_t hidden_size, NumpyRandomState& random);
  LSTMPerceptron(std::int64_t hidden_size, Rng& random);
  LSTMPerceptron(std::int64_t hidden_size, const NormalSource& normal);

  // Feeds one input and returns the new hidden state h_i (H values).
  const std::vector<double>& step(double x_i);
  const std::vector<double>& hidden_state() const { return h_; }
  const std::vector<double>& cell_state() const { return c_; }
  std::int64_t hidden_size() const { return std::int64_t(h_.size()); }

  Gate forget;     // f
  Gate input;      // n: how much of the candidate enters the cell
  Gate candidate;  // c̃
  Gate output;     // o

 private:
  std::vector<double> h_;
  std::vector<double> c_;
};

}  // namespace elman::nn
