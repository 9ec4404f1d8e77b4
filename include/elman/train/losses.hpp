#pragma once
// Loss functions with their gradients, as torch.nn.functional in torch 1.13: each returns the reduced loss and,
// when grad_input is not empty, writes dLoss/dInput there (the gradient autograd gives for an output gradient
// of 1), including PyTorch's choices at kinks: L1 gives 0 where input == target, SmoothL1 with beta = 0 gives -1.
// Inputs and targets are flat arrays of equal length (elementwise losses), so any shape works.
#include <span>
#include <string_view>
#include <vector>

namespace elman::train {

enum class Reduction { kMean, kSum };

// "mean" or "sum" (PyTorch's reduction argument); anything else throws naming the option.
Reduction parse_reduction(std::string_view text);

// mean((x - y)^2): torch.nn.MSELoss.
template <typename T>
T mse_loss(std::span<const T> input, std::span<const T> target, std::span<T> grad_input,
           Reduction reduction = Reduction::kMean);

// mean(|x - y|): torch.nn.L1Loss; gradient sign(x - y), 0 at a tie.
template <typename T>
T l1_loss(std::span<const T> input, std::span<const T> target, std::span<T> grad_input,
          Reduction reduction = Reduction::kMean);

// torch.nn.HuberLoss: 0.5 d^2 where |d| < delta, else delta (|d| - 0.5 delta).
template <typename T>
T huber_loss(std::span<const T> input, std::span<const T> target, std::span<T> grad_input,
             Reduction reduction = Reduction::kMean, T delta = T(1));

// torch.nn.SmoothL1Loss: 0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta; beta == 0 is L1 in value.
template <typename T>
T smooth_l1_loss(std::span<const T> input, std::span<const T> target, std::span<T> grad_input,
                 Reduction reduction = Reduction::kMean, T beta = T(1));

// torch.nn.GaussianNLLLoss with var of the input's size: 0.5 (log v + (x - y)^2 / v) (+ 0.5 log 2 pi when full),
// v = max(var, eps). As in PyTorch the clamp runs outside autograd, so grad_var is taken at the clamped v even
// where var < eps. Throws when var has a negative entry.
template <typename T>
T gaussian_nll_loss(std::span<const T> input, std::span<const T> target, std::span<const T> var,
                    std::span<T> grad_input, std::span<T> grad_var, Reduction reduction = Reduction::kMean,
                    bool full = false, T eps = T(1e-6));

// Pinball loss for K quantiles: input (N, K) row-major, one column per quantile q_k, target (N,):
// L = reduce over n, k of max(q_k e, (q_k - 1) e), e = y_n - x_nk. The gradient is torch.maximum's, which splits
// a tie in halves, so at e == 0 it is 0.5 - q_k (the generator in tests/fixtures/make_train_cases.py writes the
// PyTorch form). The mean is over all N * K terms.
template <typename T>
T quantile_loss(std::span<const T> input, std::span<const T> target, std::span<const T> quantiles,
                std::span<T> grad_input, Reduction reduction = Reduction::kMean);

}  // namespace elman::train
