#include "elman/nn/cell.hpp"

#include <cmath>
#include <span>

#include "nn/layout.hpp"
#include "nn/stack_driver.hpp"

namespace elman::nn {

template <typename T>
Cell<T>::Cell(CellConfig config, Parameters<T>& params, const std::string& prefix) : config_(config) {
  stack_config().validate();
  const std::int64_t gates = stack_config().gate_count() * config_.hidden_size;
  parameters_.weight_ih = params.add(prefix + "weight_ih", {gates, config_.input_size});
  parameters_.weight_hh = params.add(prefix + "weight_hh", {gates, config_.hidden_size});
  if (config_.bias) {
    parameters_.bias_ih = params.add(prefix + "bias_ih", {gates});
    parameters_.bias_hh = params.add(prefix + "bias_hh", {gates});
  }
}

template <typename T>
RecurrentConfig Cell<T>::stack_config() const {
  RecurrentConfig config;
  config.mode = config_.mode;
  config.input_size = config_.input_size;
  config.hidden_size = config_.hidden_size;
  config.bias = config_.bias;
  return config;
}

template <typename T>
void Cell<T>::reset_parameters(Parameters<T>& params, Rng& rng) const {
  const double bound = 1.0 / std::sqrt(double(config_.hidden_size));
  for (auto index : {std::optional(parameters_.weight_ih), std::optional(parameters_.weight_hh), parameters_.bias_ih,
                     parameters_.bias_hh})
    if (index)
      for (T& value : params.value(*index)) value = T(rng.uniform(-bound, bound));
}

template <typename T>
CellOutput<T> Cell<T>::forward(const Parameters<T>& params, const Tensor<T>& input, RecurrentCache<T>& cache,
                               const Tensor<T>* h, const Tensor<T>* c) const {
  const RecurrentConfig config = stack_config();
  if (input.dim() != 1 && input.dim() != 2)
    fail("input: expected a 1-D (unbatched) or 2-D (batched) tensor, got a {}-D tensor of shape {}", input.dim(),
         to_string(input.shape()));
  if (input.size(-1) != config_.input_size)
    fail("input: expected input_size {} in the last dimension, got shape {}", config_.input_size,
         to_string(input.shape()));
  const bool unbatched = input.dim() == 1;
  const std::int64_t n = unbatched ? 1 : input.size(0);
  const Shape state = unbatched ? Shape{config_.hidden_size} : Shape{n, config_.hidden_size};
  const char* kind = unbatched ? "unbatched 1-D" : "batched 2-D";
  detail::check_state_shape("h", h, state, kind);
  if (c && !config.has_cell_state()) fail("c: only LSTM has a cell state, this cell is {}", mode_name(config_.mode));
  detail::check_state_shape("c", c, state, kind);
  if (n == 0) fail("input: expected at least one sequence, got shape {}", to_string(input.shape()));

  cache.steps = 1;
  cache.batch = n;
  cache.unbatched = unbatched;
  cache.has_h0 = h != nullptr;
  cache.has_c0 = c != nullptr;
  CellOutput<T> out{Tensor<T>(state), config.has_cell_state() ? Tensor<T>(state) : Tensor<T>()};
  std::vector<T> output(std::size_t(n * config_.hidden_size));  // (1, N, H): the same values as h
  detail::stack_forward<T>(config, std::span(&parameters_, 1), params, input.data(), h ? h->data() : nullptr,
                           c ? c->data() : nullptr, false, nullptr, cache, output.data(), out.h.data(),
                           out.c.empty() ? nullptr : out.c.data());
  return out;
}

template <typename T>
CellGradients<T> Cell<T>::backward(Parameters<T>& params, const RecurrentCache<T>& cache, const Tensor<T>* grad_h,
                                   const Tensor<T>* grad_c) const {
  const RecurrentConfig config = stack_config();
  if (cache.steps != 1) fail("cell backward: called without a forward pass filling the cache");
  const Shape state = cache.unbatched ? Shape{config_.hidden_size} : Shape{cache.batch, config_.hidden_size};
  const char* kind = cache.unbatched ? "unbatched 1-D" : "batched 2-D";
  detail::check_state_shape("grad_h", grad_h, state, kind);
  if (grad_c && !config.has_cell_state())
    fail("grad_c: only LSTM has a cell state, this cell is {}", mode_name(config_.mode));
  detail::check_state_shape("grad_c", grad_c, state, kind);

  const std::vector<T> no_output_gradient(std::size_t(cache.batch * config_.hidden_size));
  CellGradients<T> grads;
  grads.input = Tensor<T>(cache.unbatched ? Shape{config_.input_size} : Shape{cache.batch, config_.input_size});
  Tensor<T> dh(state), dc(config.has_cell_state() ? state : Shape{0});
  detail::stack_backward<T>(config, std::span(&parameters_, 1), params, cache, no_output_gradient.data(),
                            grad_h ? grad_h->data() : nullptr, grad_c ? grad_c->data() : nullptr, grads.input.data(),
                            dh.data(), dc.data());
  if (cache.has_h0) grads.h = std::move(dh);
  if (cache.has_c0) grads.c = std::move(dc);
  return grads;
}

template class Cell<float>;
template class Cell<double>;

}  // namespace elman::nn
