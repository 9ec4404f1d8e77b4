#include "elman/nn/recurrent.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "nn/layout.hpp"
#include "nn/stack_driver.hpp"

namespace elman::nn {

std::string_view mode_name(Mode mode) {
  switch (mode) {
    case Mode::RnnTanh:
      return "RNN_TANH";
    case Mode::RnnRelu:
      return "RNN_RELU";
    case Mode::Lstm:
      return "LSTM";
    case Mode::Gru:
      return "GRU";
  }
  fail("unknown recurrent mode {}", static_cast<int>(mode));
}

Mode parse_mode(std::string_view text) {
  std::string upper(text);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return char(std::toupper(c)); });
  if (upper == "RNN_TANH" || upper == "RNN" || upper == "TANH") return Mode::RnnTanh;
  if (upper == "RNN_RELU" || upper == "RELU") return Mode::RnnRelu;
  if (upper == "LSTM") return Mode::Lstm;
  if (upper == "GRU") return Mode::Gru;
  fail("mode: expected one of RNN_TANH, RNN_RELU, LSTM, GRU, got '{}'", text);
}

std::int64_t RecurrentConfig::gate_count() const {
  switch (mode) {
    case Mode::Lstm:
      return 4;
    case Mode::Gru:
      return 3;
    default:
      return 1;
  }
}

// The checks of torch.nn.RNNBase.__init__ (torch 1.13), in elman's wording.
void RecurrentConfig::validate() const {
  if (input_size <= 0) fail("input_size: expected a positive integer, got {}", input_size);
  if (hidden_size <= 0) fail("hidden_size: expected a positive integer, got {}", hidden_size);
  if (num_layers <= 0) fail("num_layers: expected a positive integer, got {}", num_layers);
  if (!(dropout >= 0.0 && dropout <= 1.0))
    fail("dropout: expected a probability in [0, 1] of zeroing an element, got {}", dropout);
  if (proj_size < 0) fail("proj_size: expected 0 (no projection) or a positive integer, got {}", proj_size);
  if (proj_size > 0 && mode != Mode::Lstm)
    fail("proj_size: only LSTM supports a projection, got proj_size {} for mode {}", proj_size, mode_name(mode));
  if (proj_size >= hidden_size && proj_size > 0)
    fail("proj_size: expected a value smaller than hidden_size {}, got {}", hidden_size, proj_size);
}

template <typename T>
Recurrent<T>::Recurrent(RecurrentConfig config, Parameters<T>& params, const std::string& prefix) : config_(config) {
  config_.validate();
  const std::int64_t gates = config_.gate_count() * config_.hidden_size, h = config_.hidden_size;
  const std::int64_t ho = config_.output_size(), dirs = config_.directions();
  for (std::int64_t layer = 0; layer < config_.num_layers; ++layer)
    for (std::int64_t dir = 0; dir < dirs; ++dir) {
      const std::string suffix = "_l" + std::to_string(layer) + (dir == 1 ? "_reverse" : "");
      const std::int64_t in = layer == 0 ? config_.input_size : dirs * ho;
      DirectionParameters p;
      p.weight_ih = params.add(prefix + "weight_ih" + suffix, {gates, in});
      p.weight_hh = params.add(prefix + "weight_hh" + suffix, {gates, ho});
      if (config_.bias) {
        p.bias_ih = params.add(prefix + "bias_ih" + suffix, {gates});
        p.bias_hh = params.add(prefix + "bias_hh" + suffix, {gates});
      }
      if (config_.proj_size > 0) p.weight_hr = params.add(prefix + "weight_hr" + suffix, {ho, h});
      directions_.push_back(p);
    }
}

template <typename T>
void Recurrent<T>::reset_parameters(Parameters<T>& params, Rng& rng) const {
  const double bound = 1.0 / std::sqrt(double(config_.hidden_size));
  auto fill = [&](std::size_t index) {
    for (T& value : params.value(index)) value = T(rng.uniform(-bound, bound));
  };
  for (const DirectionParameters& p : directions_) {
    fill(p.weight_ih);
    fill(p.weight_hh);
    if (p.bias_ih) fill(*p.bias_ih);
    if (p.bias_hh) fill(*p.bias_hh);
    if (p.weight_hr) fill(*p.weight_hr);
  }
}

namespace {

struct Layout {
  std::int64_t steps;
  std::int64_t batch;
  bool unbatched;
  const char* kind() const { return unbatched ? "unbatched 2-D" : "batched 3-D"; }
};

template <typename T>
Layout input_layout(const RecurrentConfig& config, const Tensor<T>& input) {
  if (input.dim() != 2 && input.dim() != 3)
    fail("input: expected a 2-D (unbatched) or 3-D (batched) tensor, got a {}-D tensor of shape {}", input.dim(),
         to_string(input.shape()));
  if (input.size(-1) != config.input_size)
    fail("input: expected input_size {} in the last dimension, got shape {}", config.input_size,
         to_string(input.shape()));
  Layout layout{input.size(0), 1, input.dim() == 2};
  if (!layout.unbatched) {
    layout.steps = config.batch_first ? input.size(1) : input.size(0);
    layout.batch = config.batch_first ? input.size(0) : input.size(1);
  }
  if (layout.steps == 0 || layout.batch == 0)
    fail("input: expected at least one time step and one sequence, got shape {}", to_string(input.shape()));
  return layout;
}

// (D*num_layers, N, size), or (D*num_layers, size) for unbatched input.
Shape state_shape(const RecurrentConfig& config, const Layout& layout, std::int64_t size) {
  const std::int64_t count = config.directions() * config.num_layers;
  return layout.unbatched ? Shape{count, size} : Shape{count, layout.batch, size};
}

Shape output_shape(const RecurrentConfig& config, const Layout& layout) {
  const std::int64_t width = config.directions() * config.output_size();
  if (layout.unbatched) return {layout.steps, width};
  return config.batch_first ? Shape{layout.batch, layout.steps, width} : Shape{layout.steps, layout.batch, width};
}

// Only batched batch_first data differs from the driver's time-major layout; everything else is used in place.
bool needs_swap(const RecurrentConfig& config, const Layout& layout) {
  return config.batch_first && !layout.unbatched;
}

// The user's layout → time-major (T, N, width) into `out`, or back (the swap is its own inverse).
template <typename T>
void to_or_from_time_major(const RecurrentConfig& config, const Layout& layout, const T* data, std::int64_t width,
                           bool to_time_major, T* out) {
  if (needs_swap(config, layout)) {
    if (to_time_major)
      detail::swap_leading_axes_into(data, layout.batch, layout.steps, width, out);
    else
      detail::swap_leading_axes_into(data, layout.steps, layout.batch, width, out);
    return;
  }
  std::copy(data, data + layout.steps * layout.batch * width, out);
}

}  // namespace

template <typename T>
RecurrentOutput<T> Recurrent<T>::forward(const Parameters<T>& params, const Tensor<T>& input, RecurrentCache<T>& cache,
                                         const Tensor<T>* h0, const Tensor<T>* c0, bool training,
                                         Rng* dropout_rng) const {
  const Layout layout = input_layout(config_, input);
  const Shape h_shape = state_shape(config_, layout, config_.output_size());
  const Shape c_shape = state_shape(config_, layout, config_.hidden_size);
  detail::check_state_shape("h0", h0, h_shape, layout.kind());
  if (c0 && !config_.has_cell_state())
    fail("c0: only LSTM has a cell state, this layer is {}", mode_name(config_.mode));
  detail::check_state_shape("c0", c0, c_shape, layout.kind());

  cache.steps = layout.steps;
  cache.batch = layout.batch;
  cache.unbatched = layout.unbatched;
  cache.batch_first = config_.batch_first;
  cache.has_h0 = h0 != nullptr;
  cache.has_c0 = c0 != nullptr;
  // The time-major input goes straight into the cache slot the driver keeps it in (reusing its buffer), and the
  // output is written in place unless batch_first needs the swap.
  if (cache.layer_inputs.empty()) cache.layer_inputs.resize(1);
  Tensor<T>& x = cache.layer_inputs[0];
  x.resize({layout.steps, layout.batch, config_.input_size});
  to_or_from_time_major(config_, layout, input.data(), config_.input_size, true, x.data());
  RecurrentOutput<T> out{Tensor<T>(output_shape(config_, layout)), Tensor<T>(h_shape),
                         config_.has_cell_state() ? Tensor<T>(c_shape) : Tensor<T>()};
  const bool swap = needs_swap(config_, layout);
  T* y = swap ? detail::scratch<T>(detail::Scratch::kOutput, out.output.numel()) : out.output.data();  // (T, N, D*H_out)
  detail::stack_forward<T>(config_, directions_, params, x.data(), h0 ? h0->data() : nullptr, c0 ? c0->data() : nullptr,
                           training, dropout_rng, cache, y, out.h_n.data(), out.c_n.empty() ? nullptr : out.c_n.data());
  if (swap) to_or_from_time_major(config_, layout, y, out.output.size(-1), false, out.output.data());
  return out;
}

template <typename T>
RecurrentGradients<T> Recurrent<T>::backward(Parameters<T>& params, const RecurrentCache<T>& cache,
                                             const Tensor<T>& grad_output, const Tensor<T>* grad_h_n,
                                             const Tensor<T>* grad_c_n) const {
  if (cache.steps == 0) fail("recurrent backward: called without a forward pass filling the cache");
  const Layout layout{cache.steps, cache.batch, cache.unbatched};
  const Shape out_shape = output_shape(config_, layout);
  if (grad_output.shape() != out_shape)
    fail("grad_output: expected shape {} (as output), got {}", to_string(out_shape), to_string(grad_output.shape()));
  const Shape h_shape = state_shape(config_, layout, config_.output_size());
  const Shape c_shape = state_shape(config_, layout, config_.hidden_size);
  detail::check_state_shape("grad_h_n", grad_h_n, h_shape, layout.kind());
  if (grad_c_n && !config_.has_cell_state())
    fail("grad_c_n: only LSTM has a cell state, this layer is {}", mode_name(config_.mode));
  detail::check_state_shape("grad_c_n", grad_c_n, c_shape, layout.kind());

  const std::int64_t in = config_.input_size;
  const Shape in_shape = layout.unbatched      ? Shape{layout.steps, in}
                         : config_.batch_first ? Shape{layout.batch, layout.steps, in}
                                               : Shape{layout.steps, layout.batch, in};
  RecurrentGradients<T> grads{Tensor<T>(in_shape), {}, {}};
  // Time-major data is read and written in place; batch_first goes through per-thread scratch and the swap.
  const bool swap = needs_swap(config_, layout);
  const T* dy = grad_output.data();
  if (swap) {
    T* time_major = detail::scratch<T>(detail::Scratch::kGradOutput, grad_output.numel());
    to_or_from_time_major(config_, layout, grad_output.data(), out_shape.back(), true, time_major);
    dy = time_major;
  }
  T* dx = swap ? detail::scratch<T>(detail::Scratch::kGradInput, grads.input.numel()) : grads.input.data();
  Tensor<T> dh0(h_shape), dc0(config_.has_cell_state() ? c_shape : Shape{0});
  detail::stack_backward<T>(config_, directions_, params, cache, dy, grad_h_n ? grad_h_n->data() : nullptr,
                            grad_c_n ? grad_c_n->data() : nullptr, dx, dh0.data(), dc0.data());
  if (swap) to_or_from_time_major(config_, layout, dx, in, false, grads.input.data());
  if (cache.has_h0) grads.h0 = std::move(dh0);
  if (cache.has_c0) grads.c0 = std::move(dc0);
  return grads;
}

template class Recurrent<float>;
template class Recurrent<double>;

}  // namespace elman::nn
