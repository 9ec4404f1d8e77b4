#pragma once
// Parameters<T>: every parameter of a model and its gradient in one arena, with named views.
// Layers register their tensors by PyTorch state_dict name ("rnn.weight_ih_l0", "head.bias") and keep the
// returned index; optimizers walk values() and grads() as flat arrays, and saving a model is a walk over names.
// Registering may reallocate the arena, so layers look their spans up by index at each call, not at registration.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "elman/core/error.hpp"
#include "elman/core/tensor.hpp"

namespace elman {

template <typename T>
class Parameters {
 public:
  // Each tensor starts on a 64-byte boundary (SIMD loads); the gaps hold zeros and zero gradients.
  static constexpr std::size_t kAlign = 64 / sizeof(T);

  std::size_t add(std::string name, Shape shape) {
    if (find(name)) fail("parameter '{}' is registered twice", name);
    const std::size_t offset = (values_.size() + kAlign - 1) / kAlign * kAlign;
    const std::size_t count = std::size_t(element_count(shape));
    entries_.push_back({std::move(name), std::move(shape), offset, count});
    values_.resize(offset + count, T{});
    grads_.resize(offset + count, T{});
    return entries_.size() - 1;
  }

  std::size_t count() const { return entries_.size(); }
  const std::string& name(std::size_t i) const { return entries_.at(i).name; }
  const Shape& shape(std::size_t i) const { return entries_.at(i).shape; }
  std::optional<std::size_t> find(std::string_view name) const {
    for (std::size_t i = 0; i < entries_.size(); ++i)
      if (entries_[i].name == name) return i;
    return std::nullopt;
  }
  std::size_t index(std::string_view name) const {
    if (auto i = find(name)) return *i;
    fail("no parameter named '{}'", name);
  }

  std::span<T> value(std::size_t i) { return {values_.data() + entries_[i].offset, entries_[i].count}; }
  std::span<const T> value(std::size_t i) const { return {values_.data() + entries_[i].offset, entries_[i].count}; }
  std::span<T> grad(std::size_t i) { return {grads_.data() + entries_[i].offset, entries_[i].count}; }
  std::span<const T> grad(std::size_t i) const { return {grads_.data() + entries_[i].offset, entries_[i].count}; }

  // The whole arena, for optimizers and gradient clipping (padding between tensors is zero in both).
  std::span<T> values() { return values_; }
  std::span<const T> values() const { return values_; }
  std::span<T> grads() { return grads_; }
  std::span<const T> grads() const { return grads_; }

  void zero_grad() { std::fill(grads_.begin(), grads_.end(), T{}); }

 private:
  struct Entry {
    std::string name;
    Shape shape;
    std::size_t offset;
    std::size_t count;
  };
  std::vector<Entry> entries_;
  std::vector<T> values_;
  std::vector<T> grads_;
};

}  // namespace elman
