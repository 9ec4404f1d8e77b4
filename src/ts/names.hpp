// Enums that are written and read as text (command-line options, model files): each has one table of its values
// and their names, read both ways.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "elman/core/error.hpp"

namespace elman::ts::detail {

template <class E, std::size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

template <class E, std::size_t N>
std::string_view name_of(const Names<E, N>& names, E value) {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return names.front().second;  // every value has a name in its table
}

// The value named `text`, else an error "{what}expected a, b or c, got 'text'".
template <class E, std::size_t N>
E value_named(const Names<E, N>& names, std::string_view text, std::string_view what = {}) {
  for (const auto& [value, name] : names)
    if (name == text) return value;
  std::string list;
  for (std::size_t i = 0; i < N; ++i) list += (i == 0 ? "" : i + 1 < N ? ", " : " or ") + std::string(names[i].second);
  fail("{}expected {}, got '{}'", what, list, text);
}

}  // namespace elman::ts::detail
