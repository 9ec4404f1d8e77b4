#pragma once
// Small layout helpers shared by Recurrent and Cell: the driver works time-major, users may not.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "elman/core/error.hpp"
#include "elman/core/tensor.hpp"

namespace elman::nn::detail {

// (a, b, inner) → (b, a, inner) into `out` (a*b*inner values, not overlapping data): batch_first ↔ time-major.
template <typename T>
void swap_leading_axes_into(const T* data, std::int64_t a, std::int64_t b, std::int64_t inner, T* out) {
  for (std::int64_t i = 0; i < a; ++i)
    for (std::int64_t j = 0; j < b; ++j)
      std::copy(data + (i * b + j) * inner, data + (i * b + j + 1) * inner, out + (j * a + i) * inner);
}

template <typename T>
std::vector<T> swap_leading_axes(const T* data, std::int64_t a, std::int64_t b, std::int64_t inner) {
  std::vector<T> out(std::size_t(a * b * inner));
  swap_leading_axes_into(data, a, b, inner, out.data());
  return out;
}

// Per-thread work buffers of the recurrent driver, one per slot. A training loop repeats the same shapes every
// batch, so after the first call they are neither allocated nor value-initialised (a memset) again; the contents
// are unspecified, callers overwrite what they read. No two live uses in one call share a slot.
enum class Scratch : std::size_t {
  kGatesInput,      // forward gx (T, N, G*H)
  kGatesHidden,     // forward gh (N, G*H)
  kGradGatesInput,  // backward dgx (T, N, G*H)
  kGradGatesHidden,  // backward dgh (T, N, G*H)
  kGradProjected,   // backward dh of all steps (T, N, H_out), projected LSTM
  kOutput,          // Recurrent::forward: time-major output before the batch_first swap
  kGradOutput,      // Recurrent::backward: time-major grad_output
  kGradInput,       // Recurrent::backward: time-major grad_input before the batch_first swap
  kCount
};

template <typename T>
T* scratch(Scratch slot, std::int64_t count) {
  thread_local std::array<std::vector<T>, std::size_t(Scratch::kCount)> buffers;
  std::vector<T>& buffer = buffers[std::size_t(slot)];
  if (buffer.size() < std::size_t(count)) buffer.resize(std::size_t(count));
  return buffer.data();
}

// Checks an optional state or state gradient against the shape it must have (torch's "Expected hidden size").
template <typename T>
void check_state_shape(const char* name, const Tensor<T>* tensor, const Shape& expected, const char* input_kind) {
  if (!tensor) return;
  if (tensor->dim() != std::int64_t(expected.size()))
    fail("{}: for {} input, expected a {}-D tensor, got a {}-D tensor of shape {}", name, input_kind, expected.size(),
         tensor->dim(), to_string(tensor->shape()));
  if (tensor->shape() != expected)
    fail("{}: expected hidden size {}, got {}", name, to_string(expected), to_string(tensor->shape()));
}

}  // namespace elman::nn::detail
