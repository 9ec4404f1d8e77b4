#pragma once
// Small layout helpers shared by Recurrent and Cell: the driver works time-major, users may not.
#include <cstdint>
#include <vector>

#include "elman/core/error.hpp"
#include "elman/core/tensor.hpp"

namespace elman::nn::detail {

// (a, b, inner) → (b, a, inner): batch_first ↔ time-major.
template <typename T>
std::vector<T> swap_leading_axes(const T* data, std::int64_t a, std::int64_t b, std::int64_t inner) {
  std::vector<T> out(std::size_t(a * b * inner));
  for (std::int64_t i = 0; i < a; ++i)
    for (std::int64_t j = 0; j < b; ++j)
      std::copy(data + (i * b + j) * inner, data + (i * b + j + 1) * inner, out.begin() + (j * a + i) * inner);
  return out;
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
