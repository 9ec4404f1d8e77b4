#pragma once
// Mutations of valid input files, for tests that every corrupted file either reads or fails with one elman::Error
// line, and never crashes, hangs or throws anything else. Deterministic: case `i` of a seed is always the same bytes.
// ELMAN_MUTATION_CASES (an environment variable) raises the number of cases for a longer search.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <functional>
#include <random>
#include <string>
#include <string_view>

#include "elman/core/error.hpp"

namespace elman::testing {

// `default_cases`, or ELMAN_MUTATION_CASES where it is set to a positive number.
inline std::size_t mutation_cases(std::size_t default_cases) {
  const char* text = std::getenv("ELMAN_MUTATION_CASES");
  if (text == nullptr) return default_cases;
  const long long n = std::atoll(text);
  return n > 0 ? std::size_t(n) : default_cases;
}

// 1 to 4 edits of `bytes`: a flipped bit, a byte replaced by one that parsers treat specially (a digit, a sign, a
// quote, a delimiter, a line end, NUL, 0xFF), a byte inserted or deleted, a span deleted or repeated, the end cut.
inline std::string mutate(std::string bytes, std::mt19937_64& random) {
  static constexpr std::string_view kSpecial{"0123456789-+.,;eE\"\r\n\t /:{}[]\0\xff\x80", 29};
  const auto pick = [&](std::size_t n) { return std::size_t(random() % std::max<std::size_t>(n, 1)); };
  const std::size_t edits = 1 + pick(4);
  for (std::size_t e = 0; e < edits; ++e) {
    const std::size_t at = pick(bytes.size());
    switch (pick(7)) {
      case 0:
        if (!bytes.empty()) bytes[at] = char(bytes[at] ^ (1 << pick(8)));
        break;
      case 1:
        if (!bytes.empty()) bytes[at] = kSpecial[pick(kSpecial.size())];
        break;
      case 2:
        bytes.insert(bytes.begin() + std::ptrdiff_t(at), kSpecial[pick(kSpecial.size())]);
        break;
      case 3:
        if (!bytes.empty()) bytes.erase(at, 1);
        break;
      case 4:
        bytes.erase(at, 1 + pick(64));
        break;
      case 5:
        bytes.insert(at, bytes.substr(pick(bytes.size()), 1 + pick(64)));
        break;
      default:
        bytes.resize(at);
        break;
    }
  }
  return bytes;
}

struct MutationSummary {
  std::string first_bad;     // the first case that threw anything but a one-line elman::Error, or ""
  std::size_t read = 0;      // cases read without an error
  std::size_t rejected = 0;  // cases rejected with a one-line elman::Error
};

// Runs one case and counts how it went; `label` names it in first_bad (the first bad case is kept).
inline void record_case(MutationSummary& summary, const std::string& label, const std::function<void()>& action) {
  std::string bad;
  try {
    action();
    ++summary.read;
  } catch (const elman::Error& e) {
    const std::string_view message = e.what();
    if (message.empty() || message.find('\n') != std::string_view::npos)
      bad = "an error message that is not one line: '" + std::string(message) + "'";
    ++summary.rejected;
  } catch (const std::exception& e) {
    bad = std::string("not an elman::Error: ") + e.what();
  }
  if (!bad.empty() && summary.first_bad.empty()) summary.first_bad = label + ": " + bad;
}

// Runs `read` on `cases` mutations of `valid` (it gets the mutated bytes) until the first bad case.
inline MutationSummary run_mutations(std::string_view valid, std::size_t cases, std::uint64_t seed,
                                     const std::function<void(const std::string&)>& read) {
  MutationSummary summary;
  std::mt19937_64 random(seed);
  for (std::size_t i = 0; i < cases && summary.first_bad.empty(); ++i) {
    const std::string bytes = mutate(std::string(valid), random);
    record_case(summary, "case " + std::to_string(i), [&] { read(bytes); });
  }
  return summary;
}

}  // namespace elman::testing
