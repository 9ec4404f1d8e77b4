#pragma once
// format_numpy_array: `str(array)` of a 1-D float64 array exactly as numpy 1.24 prints it with the default print
// options, so the walkthrough's "Step i: Hidden State = [...]" lines equal the Python's character for character.
// Reference: numpy/core/arrayprint.py (FloatingFormat, _formatArray) and numpy/core/src/multiarray/dragon4.c.
#include <cstddef>
#include <span>
#include <string>

namespace elman {

// numpy's defaults (np.get_printoptions()).
struct NumpyPrintOptions {
  int precision = 8;             // digits after the decimal point, at most
  std::size_t linewidth = 75;    // characters per line before wrapping
  std::size_t threshold = 1000;  // more elements than this are summarised with "..."
  std::size_t edgeitems = 3;     // elements kept at each end of a summarised array
};

// "[0.17459789 0.03999438 0.09756247]": shortest round-trip digits cut at `precision`, fixed or scientific
// notation chosen as numpy chooses it, every element padded to a common width, wrapped with a one-space indent.
std::string format_numpy_array(std::span<const double> values, const NumpyPrintOptions& options = {});

}  // namespace elman
