#include "nn/stack_driver.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "elman/kernels/cell_kernels.hpp"
#include "elman/kernels/gemm.hpp"
#include "nn/layout.hpp"

namespace elman::nn::detail {
namespace {

using kernels::gemm;
using Index = std::int64_t;

// The sizes of one layer-direction's work.
struct Dims {
  Index steps;     // T
  Index batch;     // N
  Index input;     // I_l: input_size for layer 0, D*H_out above
  Index hidden;    // H
  Index out;       // H_out
  Index gates;     // G*H
  Index cache;     // cache_width*H
  bool projected;  // LSTM with proj_size > 0
  bool reverse;    // direction 1 runs t = T-1 .. 0
  Index time_of(Index step) const { return reverse ? steps - 1 - step : step; }
};

template <typename T>
Dims dims_of(const RecurrentConfig& config, const kernels::CellKernels<T>& cell, const RecurrentCache<T>& cache,
             Index layer, Index direction) {
  const Index h = config.hidden_size;
  return {cache.steps,
          cache.batch,
          layer == 0 ? config.input_size : config.directions() * config.output_size(),
          h,
          config.output_size(),
          cell.gate_count * h,
          cell.cache_width * h,
          config.proj_size > 0,
          direction == 1};
}

// rows × cols, each row = bias (or zeros without bias), so that a GEMM with beta = 1 adds x W^T on top.
template <typename T>
void fill_rows(T* out, Index rows, Index cols, const T* bias) {
  for (Index r = 0; r < rows; ++r) {
    if (bias)
      std::copy(bias, bias + cols, out + r * cols);
    else
      std::fill(out + r * cols, out + (r + 1) * cols, T{0});
  }
}

template <typename T>
void add_column_sums(const T* in, Index rows, Index cols, T* sums) {
  for (Index r = 0; r < rows; ++r)
    for (Index c = 0; c < cols; ++c) sums[c] += in[r * cols + c];
}

template <typename T>
const T* value_or_null(const Parameters<T>& params, const std::optional<std::size_t>& index) {
  return index ? params.value(*index).data() : nullptr;
}

template <typename T>
T* at_or_null(Tensor<T>& tensor, Index offset) {
  return tensor.empty() ? nullptr : tensor.data() + offset;
}
template <typename T>
const T* at_or_null(const Tensor<T>& tensor, Index offset) {
  return tensor.empty() ? nullptr : tensor.data() + offset;
}

// One layer-direction over the whole sequence; x (T, N, I_l). Fills cache.{states,cells,unprojected,gate_cache}[k].
template <typename T>
void direction_forward(const kernels::CellKernels<T>& cell, const Dims& d, const DirectionParameters& p,
                       const Parameters<T>& params, const T* x, const T* h0, const T* c0, RecurrentCache<T>& cache,
                       std::size_t k) {
  const Index n = d.batch, h = d.hidden, ho = d.out, g = d.gates;
  // The cache keeps its buffers from the previous call: every step below overwrites slices 1..T (and the cell
  // kernel the whole gate cache), so only the initial states need writing.
  Tensor<T>& states = cache.states[k];
  Tensor<T>& cells = cache.cells[k];
  Tensor<T>& unprojected = cache.unprojected[k];
  Tensor<T>& gate_cache = cache.gate_cache[k];
  states.resize({d.steps + 1, n, ho});
  if (cell.has_cell_state)
    cells.resize({d.steps + 1, n, h});
  else
    cells = Tensor<T>();
  if (d.projected)
    unprojected.resize({d.steps, n, h});
  else
    unprojected = Tensor<T>();
  gate_cache.resize({d.steps, n, d.cache});
  if (h0)
    std::copy(h0, h0 + n * ho, states.data());
  else
    std::fill(states.data(), states.data() + n * ho, T{0});
  if (cell.has_cell_state) {
    if (c0)
      std::copy(c0, c0 + n * h, cells.data());
    else
      std::fill(cells.data(), cells.data() + n * h, T{0});
  }

  const T* w_ih = params.value(p.weight_ih).data();    // (G*H, I_l)
  const T* w_hh = params.value(p.weight_hh).data();    // (G*H, H_out)
  const T* w_hr = value_or_null(params, p.weight_hr);  // (H_out, H)
  T* gx = scratch<T>(Scratch::kGatesInput, d.steps * n * g);  // (T, N, G*H), fully written by fill_rows
  fill_rows(gx, d.steps * n, g, value_or_null(params, p.bias_ih));
  gemm(false, true, d.steps * n, g, d.input, T{1}, x, d.input, w_ih, d.input, T{1}, gx, g);

  T* gh = scratch<T>(Scratch::kGatesHidden, n * g);  // (N, G*H)
  for (Index s = 0; s < d.steps; ++s) {
    const T* h_prev = states.data() + s * n * ho;
    T* h_next = states.data() + (s + 1) * n * ho;
    fill_rows(gh, n, g, value_or_null(params, p.bias_hh));
    gemm(false, true, n, g, ho, T{1}, h_prev, ho, w_hh, ho, T{1}, gh, g);
    T* h_cell = d.projected ? unprojected.data() + s * n * h : h_next;
    cell.forward(n, h, gx + d.time_of(s) * n * g, gh, h_prev, at_or_null(cells, s * n * h), h_cell,
                 at_or_null(cells, (s + 1) * n * h), at_or_null(gate_cache, s * n * d.cache));
    if (d.projected) gemm(false, true, n, ho, h, T{1}, h_cell, h, w_hr, h, T{0}, h_next, ho);
  }
}

// Backward of direction_forward. dy (T, N, D*H_out) holds this direction's output gradient in columns
// [column, column + H_out); dh_n, dc_n may be null. Adds into dx (T, N, I_l), or with `overwrite_dx` writes it
// (GEMM beta = 0, so the caller needs no zero-filled buffer); writes dh0, dc0.
template <typename T>
void direction_backward(const kernels::CellKernels<T>& cell, const Dims& d, const DirectionParameters& p,
                        Parameters<T>& params, const T* x, const T* dy, Index dy_stride, Index column, const T* dh_n,
                        const T* dc_n, const RecurrentCache<T>& cache, std::size_t k, T* dx, bool overwrite_dx, T* dh0,
                        T* dc0) {
  const Index n = d.batch, h = d.hidden, ho = d.out, g = d.gates, tn = d.steps * d.batch;
  const Tensor<T>& states = cache.states[k];  // (T+1, N, H_out)
  const Tensor<T>& cells = cache.cells[k];    // (T+1, N, H)
  const Tensor<T>& unprojected = cache.unprojected[k];
  const T* w_ih = params.value(p.weight_ih).data();
  const T* w_hh = params.value(p.weight_hh).data();
  const T* w_hr = value_or_null(params, p.weight_hr);

  // The cell kernel writes every row of dgx and dgh, so the reused scratch needs no zeroing.
  T* dgx = scratch<T>(Scratch::kGradGatesInput, tn * g);   // (T, N, G*H), by time t (aligned with x)
  T* dgh = scratch<T>(Scratch::kGradGatesHidden, tn * g);  // (T, N, G*H), by step s (aligned with states[0..T-1])
  std::vector<T> dh(std::size_t(n * ho)), dh_prev(dh.size()), dh_step(dh.size());       // (N, H_out)
  std::vector<T> dc(cell.has_cell_state ? std::size_t(n * h) : 0), dc_prev(dc.size());  // (N, H)
  std::vector<T> dh_cell(d.projected ? std::size_t(n * h) : 0);                         // (N, H)
  T* dh_all = d.projected ? scratch<T>(Scratch::kGradProjected, tn * ho) : nullptr;     // (T, N, H_out), by step
  if (dh_n) std::copy(dh_n, dh_n + n * ho, dh.begin());
  if (dc_n && cell.has_cell_state) std::copy(dc_n, dc_n + n * h, dc.begin());

  for (Index s = d.steps - 1; s >= 0; --s) {
    const Index t = d.time_of(s);
    for (Index row = 0; row < n; ++row)
      for (Index j = 0; j < ho; ++j)
        dh_step[std::size_t(row * ho + j)] = dy[(t * n + row) * dy_stride + column + j] + dh[std::size_t(row * ho + j)];
    const T* dh_in = dh_step.data();
    if (d.projected) {  // h = W_hr h_cell: dh_cell = dh W_hr; dW_hr later from all steps at once
      std::copy(dh_step.begin(), dh_step.end(), dh_all + s * n * ho);
      gemm(false, false, n, h, ho, T{1}, dh_step.data(), ho, w_hr, h, T{0}, dh_cell.data(), h);
      dh_in = dh_cell.data();
    }
    const T* h_cell = d.projected ? unprojected.data() + s * n * h : states.data() + (s + 1) * n * ho;
    std::fill(dh_prev.begin(), dh_prev.end(), T{0});
    cell.backward(n, h, at_or_null(cache.gate_cache[k], s * n * d.cache), states.data() + s * n * ho,
                  at_or_null(cells, s * n * h), h_cell, dh_in, dc.empty() ? nullptr : dc.data(), dgx + t * n * g,
                  dgh + s * n * g, dh_prev.data(), dc_prev.empty() ? nullptr : dc_prev.data());
    gemm(false, false, n, ho, g, T{1}, dgh + s * n * g, g, w_hh, ho, T{1}, dh_prev.data(), ho);
    std::swap(dh, dh_prev);
    std::swap(dc, dc_prev);
  }
  std::copy(dh.begin(), dh.end(), dh0);
  if (dc0) std::copy(dc.begin(), dc.end(), dc0);

  gemm(true, false, g, d.input, tn, T{1}, dgx, g, x, d.input, T{1}, params.grad(p.weight_ih).data(), d.input);
  gemm(true, false, g, ho, tn, T{1}, dgh, g, states.data(), ho, T{1}, params.grad(p.weight_hh).data(), ho);
  if (p.bias_ih) add_column_sums(dgx, tn, g, params.grad(*p.bias_ih).data());
  if (p.bias_hh) add_column_sums(dgh, tn, g, params.grad(*p.bias_hh).data());
  if (d.projected)
    gemm(true, false, ho, h, tn, T{1}, dh_all, ho, unprojected.data(), h, T{1}, params.grad(*p.weight_hr).data(),
         h);
  gemm(false, false, tn, d.input, g, T{1}, dgx, g, w_ih, d.input, overwrite_dx ? T{0} : T{1}, dx, d.input);
}

// Inverted dropout (torch.nn.functional.dropout): keep with probability 1-p and scale by 1/(1-p); p = 1 drops all.
template <typename T>
Tensor<T> dropout_mask(const Shape& shape, double p, Rng& rng) {
  Tensor<T> mask(shape);
  const T scale = p < 1.0 ? T(1.0 / (1.0 - p)) : T{0};
  for (Index i = 0; i < mask.numel(); ++i) mask[i] = rng.bernoulli(1.0 - p) ? scale : T{0};
  return mask;
}

template <typename T>
void multiply_in_place(Tensor<T>& values, const Tensor<T>& factors) {
  for (Index i = 0; i < values.numel(); ++i) values[i] *= factors[i];
}

}  // namespace

kernels::CellKind cell_kind(Mode mode) {
  switch (mode) {
    case Mode::RnnTanh:
      return kernels::CellKind::RnnTanh;
    case Mode::RnnRelu:
      return kernels::CellKind::RnnRelu;
    case Mode::Lstm:
      return kernels::CellKind::Lstm;
    case Mode::Gru:
      return kernels::CellKind::Gru;
  }
  fail("unknown recurrent mode {}", static_cast<int>(mode));
}


template <typename T>
void stack_forward(const RecurrentConfig& config, std::span<const DirectionParameters> directions,
                   const Parameters<T>& params, const T* input, const T* h0, const T* c0, bool training, Rng* rng,
                   RecurrentCache<T>& cache, T* output, T* h_n, T* c_n) {
  const auto& cell = kernels::cell_kernels<T>(cell_kind(config.mode));
  const Index layers = config.num_layers, dirs = config.directions(), n = cache.batch, steps = cache.steps;
  const Index h = config.hidden_size, ho = config.output_size();
  const bool dropout = training && config.dropout > 0.0 && layers > 1;
  if (dropout && !rng) fail("recurrent forward: dropout {} in training mode needs a random generator", config.dropout);
  const auto count = std::size_t(layers * dirs);
  // resize, not assign: the tensors a previous call left in the cache keep their buffers (direction_forward and
  // the loops below overwrite them).
  cache.layer_inputs.resize(std::size_t(layers));
  cache.dropout_masks.resize(std::size_t(layers - 1));
  cache.states.resize(count);
  cache.cells.resize(count);
  cache.unprojected.resize(count);
  cache.gate_cache.resize(count);
  // Recurrent::forward writes its time-major input straight into layer_inputs[0]; other callers get it copied.
  Tensor<T>& x0 = cache.layer_inputs[0];
  const Shape x0_shape{steps, n, config.input_size};
  if (x0.data() != input || x0.shape() != x0_shape) {
    x0.resize(x0_shape);
    std::copy(input, input + x0.numel(), x0.data());
  }

  for (Index layer = 0; layer < layers; ++layer) {
    // (T, N, D*H_out): the layer's output, directions side by side; the last layer's goes straight to `output`.
    const bool last = layer + 1 == layers;
    Tensor<T>* next = last ? nullptr : &cache.layer_inputs[std::size_t(layer + 1)];
    if (next) next->resize({steps, n, dirs * ho});
    T* y = last ? output : next->data();
    for (Index dir = 0; dir < dirs; ++dir) {
      const auto k = std::size_t(layer * dirs + dir);
      const Dims d = dims_of(config, cell, cache, layer, dir);
      direction_forward(cell, d, directions[k], params, cache.layer_inputs[std::size_t(layer)].data(),
                        h0 ? h0 + Index(k) * n * ho : nullptr, c0 ? c0 + Index(k) * n * h : nullptr, cache, k);
      const T* states = cache.states[k].data();
      for (Index s = 0; s < steps; ++s)
        for (Index row = 0; row < n; ++row) {
          const T* from = states + ((s + 1) * n + row) * ho;
          std::copy(from, from + ho, y + (d.time_of(s) * n + row) * dirs * ho + dir * ho);
        }
      std::copy(states + steps * n * ho, states + (steps + 1) * n * ho, h_n + Index(k) * n * ho);
      if (cell.has_cell_state) {
        const T* cells = cache.cells[k].data();
        std::copy(cells + steps * n * h, cells + (steps + 1) * n * h, c_n + Index(k) * n * h);
      }
    }
    if (last) break;
    // Dropout on the output of every layer but the last (torch.nn.LSTM's `dropout`).
    Tensor<T>& mask = cache.dropout_masks[std::size_t(layer)];
    if (dropout) {
      mask = dropout_mask<T>(next->shape(), config.dropout, *rng);
      multiply_in_place(*next, mask);
    } else {
      mask = Tensor<T>();
    }
  }
}

template <typename T>
void stack_backward(const RecurrentConfig& config, std::span<const DirectionParameters> directions,
                    Parameters<T>& params, const RecurrentCache<T>& cache, const T* grad_output, const T* grad_h_n,
                    const T* grad_c_n, T* grad_input, T* grad_h0, T* grad_c0) {
  const auto& cell = kernels::cell_kernels<T>(cell_kind(config.mode));
  const Index layers = config.num_layers, dirs = config.directions(), n = cache.batch;
  const Index h = config.hidden_size, ho = config.output_size();
  if (cache.states.size() != std::size_t(layers * dirs))
    fail("recurrent backward: the cache does not come from a forward pass of this layer");
  // (T, N, D*H_out): the top layer reads grad_output in place, lower layers the gradient of the layer above.
  const T* dy = grad_output;
  Tensor<T> dy_below, dx_below;  // only for num_layers > 1
  for (Index layer = layers - 1; layer >= 0; --layer) {
    const Tensor<T>& x = cache.layer_inputs[std::size_t(layer)];  // (T, N, I_l)
    if (layer > 0) dx_below.resize(x.shape());
    T* dx = layer == 0 ? grad_input : dx_below.data();
    for (Index dir = 0; dir < dirs; ++dir) {
      const auto k = Index(layer * dirs + dir);
      const Dims d = dims_of(config, cell, cache, layer, dir);
      direction_backward(cell, d, directions[std::size_t(k)], params, x.data(), dy, dirs * ho, dir * ho,
                         grad_h_n ? grad_h_n + k * n * ho : nullptr, grad_c_n ? grad_c_n + k * n * h : nullptr, cache,
                         std::size_t(k), dx, dir == 0, grad_h0 + k * n * ho,
                         cell.has_cell_state ? grad_c0 + k * n * h : nullptr);
    }
    if (layer == 0) break;
    const Tensor<T>& mask = cache.dropout_masks[std::size_t(layer - 1)];
    if (!mask.empty()) multiply_in_place(dx_below, mask);
    std::swap(dy_below, dx_below);
    dy = dy_below.data();
  }
}

template void stack_forward<float>(const RecurrentConfig&, std::span<const DirectionParameters>,
                                   const Parameters<float>&, const float*, const float*, const float*, bool, Rng*,
                                   RecurrentCache<float>&, float*, float*, float*);
template void stack_forward<double>(const RecurrentConfig&, std::span<const DirectionParameters>,
                                    const Parameters<double>&, const double*, const double*, const double*, bool, Rng*,
                                    RecurrentCache<double>&, double*, double*, double*);
template void stack_backward<float>(const RecurrentConfig&, std::span<const DirectionParameters>, Parameters<float>&,
                                    const RecurrentCache<float>&, const float*, const float*, const float*, float*,
                                    float*, float*);
template void stack_backward<double>(const RecurrentConfig&, std::span<const DirectionParameters>, Parameters<double>&,
                                     const RecurrentCache<double>&, const double*, const double*, const double*,
                                     double*, double*, double*);

}  // namespace elman::nn::detail
