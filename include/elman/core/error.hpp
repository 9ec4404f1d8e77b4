#pragma once
// elman::Error: the one exception type of the library. Its message is a single line that names what failed,
// where (file:line, column, tensor name, option) and what was expected; the CLI prints it as is and exits 2.
// Any other exception escaping to the CLI is an internal failure (exit 1).
#include <fmt/format.h>

#include <stdexcept>
#include <string>

namespace elman {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Throws elman::Error with a fmt-formatted message: fail("{}:{}: expected a number, got '{}'", path, line, text).
template <typename... Args>
[[noreturn]] void fail(fmt::format_string<Args...> format, Args&&... args) {
  throw Error(fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace elman
