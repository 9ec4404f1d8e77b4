#pragma once
// Tensor<T>: an owning, contiguous, row-major array with a shape (float or double in practice).
// Views into other storage are plain std::span<T> plus the shape the caller knows.
#include <cstdint>
#include <numeric>
#include <span>
#include <string>
#include <vector>

#include "elman/core/error.hpp"

namespace elman {

using Shape = std::vector<std::int64_t>;

inline std::int64_t element_count(const Shape& shape) {
  return std::accumulate(shape.begin(), shape.end(), std::int64_t{1}, std::multiplies<>());
}

// "(2, 3, 4)", as PyTorch prints a size.
inline std::string to_string(const Shape& shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

template <typename T>
class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(Shape shape, T fill = T{}) : shape_(std::move(shape)), data_(checked_count(shape_), fill) {}
  Tensor(Shape shape, std::vector<T> data) : shape_(std::move(shape)), data_(std::move(data)) {
    if (std::int64_t(data_.size()) != element_count(shape_))
      fail("tensor of shape {} needs {} values, got {}", to_string(shape_), element_count(shape_), data_.size());
  }

  const Shape& shape() const { return shape_; }
  std::int64_t dim() const { return std::int64_t(shape_.size()); }
  std::int64_t size(std::int64_t axis) const { return shape_.at(std::size_t(axis < 0 ? axis + dim() : axis)); }
  std::int64_t numel() const { return std::int64_t(data_.size()); }
  bool empty() const { return data_.empty(); }

  T* data() { return data_.data(); }
  const T* data() const { return data_.data(); }
  std::span<T> span() { return data_; }
  std::span<const T> span() const { return data_; }
  T& operator[](std::int64_t i) { return data_[std::size_t(i)]; }
  const T& operator[](std::int64_t i) const { return data_[std::size_t(i)]; }

  // Same values, new shape with the same element count.
  void reshape(Shape shape) {
    if (element_count(shape) != numel())
      fail("cannot reshape tensor of shape {} to {}", to_string(shape_), to_string(shape));
    shape_ = std::move(shape);
  }
  void fill(T value) { std::fill(data_.begin(), data_.end(), value); }
  // New shape, any element count. Keeps the allocation and existing values (new elements are zero), so a buffer
  // the caller overwrites anyway is neither reallocated nor re-zeroed when a call repeats with the same shape.
  void resize(Shape shape) {
    data_.resize(checked_count(shape));
    shape_ = std::move(shape);
  }

 private:
  static std::size_t checked_count(const Shape& shape) {
    for (auto d : shape)
      if (d < 0) fail("tensor shape {} has a negative dimension", to_string(shape));
    return std::size_t(element_count(shape));
  }
  Shape shape_;
  std::vector<T> data_;
};

}  // namespace elman
