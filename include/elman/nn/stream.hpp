#pragma once
// Streamer<T>: a Recurrent<T> stack run one time step per call at batch 1, for real-time use (a sample arrives,
// the model answers before the next one). step(x) is what Recurrent::forward does at one time step in evaluation
// mode, on a state kept between calls:
//   per layer l, gx = W_ih x_l + b_ih, gh = W_hh h_l + b_hh, then the mode's cell kernel (elman/kernels), and
//   for LSTM with proj_size, h_l = W_hr h_cell; x_{l+1} = h_l (no dropout: inference).
// Every buffer is allocated in the constructor; step() allocates nothing and makes no GEMM call: each weight is
// copied once into panels (PanelMatrix, below) so that a matrix-vector product is a run of contiguous
// multiply-adds into accumulators held in registers. Measured and dropped: grouping the gate rows by unit
// so that the cell kernel runs on each panel's units as soon as that panel is done (slower: more, shorter
// kernel calls, and GRU's 3 gates pad a 64-row panel).
// Only unidirectional stacks stream: a reverse direction needs the steps still to come.
#include <cstdint>
#include <span>
#include <vector>

#include "elman/core/parameters.hpp"
#include "elman/kernels/cell_kernels.hpp"
#include "elman/nn/recurrent.hpp"

namespace elman::nn {

// y = A v + b for a fixed A (M, K), stored as panels of kLanes rows: panel p holds A[p*kLanes .. +kLanes, k] for
// k = 0..K-1, column after column, rows past M zero; y and b are padded to padded_rows().
template <typename T>
class PanelMatrix {
 public:
  // Eight AVX2 registers of accumulators: enough independent FMAs to hide their latency.
  static constexpr std::int64_t kLanes = 8 * 32 / std::int64_t(sizeof(T));

  PanelMatrix() = default;
  // baseline_only: always the portable kernel (to test it, or compare with it, on a CPU that has AVX2).
  PanelMatrix(std::int64_t rows, std::int64_t cols, bool baseline_only = false);
  // A copy's buffer may sit differently against 64-byte lines, so copying moves the panels to its own boundary.
  PanelMatrix(const PanelMatrix& other);
  PanelMatrix& operator=(const PanelMatrix& other);
  PanelMatrix(PanelMatrix&&) noexcept = default;
  PanelMatrix& operator=(PanelMatrix&&) noexcept = default;
  ~PanelMatrix() = default;
  // a: (rows, cols) row-major, as PyTorch stores weights.
  void load(std::span<const T> a);
  std::int64_t rows() const { return rows_; }
  std::int64_t cols() const { return cols_; }
  std::int64_t padded_rows() const { return panels_ * kLanes; }
  // y (padded_rows) = A v (cols) + b (padded_rows). `backwards` visits the panels last to first, with the same
  // result: a caller that alternates it walks back over the panels still in L1 from its previous call (a matrix
  // larger than L1, e.g. LSTM H=64's W_hh at 64 KiB, then streams only the part that did not fit).
  void multiply(const T* v, const T* b, T* y, bool backwards = false) const {
    kernel_(panels(), panels_, cols_, v, b, y, backwards);
  }

  // The product over raw panels; an AVX2 + FMA version where the CPU has both (chosen at construction).
  using Kernel = void (*)(const T* panels, std::int64_t count, std::int64_t cols, const T* v, const T* b, T* y,
                          bool backwards);

 private:
  Kernel kernel_ = nullptr;
  std::int64_t rows_ = 0;
  std::int64_t cols_ = 0;
  std::int64_t panels_ = 0;
  // (panels, K, kLanes) from the first 64-byte boundary of panels_data_ (a 32-byte load that straddles two cache
  // lines costs two L1 accesses: measurable where W_hh streams from L2). Found at each call: a move keeps the buffer,
  // a copy re-aligns.
  std::vector<T> panels_data_;
  static constexpr std::size_t kLine = 64;
  const T* panels() const { return align_up(panels_data_.data()); }
  T* panels() { return align_up(panels_data_.data()); }
  template <typename P>
  static P* align_up(P* p) {
    const auto address = reinterpret_cast<std::uintptr_t>(p);
    return reinterpret_cast<P*>((address + kLine - 1) / kLine * kLine);
  }
};

template <typename T>
class Streamer {
 public:
  // Copies the weights of `layer` (its config and its tensors in `params`); throws elman::Error for a
  // bidirectional layer. Later changes to params reach the streamer only through load().
  Streamer(const Recurrent<T>& layer, const Parameters<T>& params);

  const RecurrentConfig& config() const { return config_; }
  std::int64_t input_size() const { return config_.input_size; }
  std::int64_t output_size() const { return config_.output_size(); }

  // Copies the current weights again (after training, say); keeps the state. Allocates nothing.
  void load(const Parameters<T>& params);

  // One time step: x (input_size) → the top layer's new h (output_size), a view valid until the next call.
  std::span<const T> step(std::span<const T> x);

  // Zeroes h (and c): the state of a fresh sequence, as Recurrent::forward without h0 / c0.
  void reset();
  // h of every layer (num_layers, H_out) and, for LSTM, c (num_layers, H), the layout of h_n and c_n at batch 1.
  std::span<const T> h() const { return h_; }
  std::span<const T> c() const { return c_; }
  // Sets the state (h0 / c0 at batch 1); c must be empty for modes without a cell state.
  void set_state(std::span<const T> h, std::span<const T> c = {});

 private:
  struct Layer {
    PanelMatrix<T> w_ih;  // (G*H, I_l)
    PanelMatrix<T> w_hh;  // (G*H, H_out)
    PanelMatrix<T> w_hr;  // (H_out, H), proj_size > 0 only
    std::vector<T> b_ih;  // (padded G*H), zeros without bias
    std::vector<T> b_hh;  // (padded G*H)
    DirectionParameters parameters;
  };

  RecurrentConfig config_;
  const kernels::CellKernels<T>* cell_;
  std::vector<Layer> layers_;
  std::vector<T> h_;          // (L, H_out)
  std::vector<T> c_;          // (L, H), LSTM only
  std::vector<T> gx_;         // (padded G*H): W_ih x + b_ih
  std::vector<T> gh_;         // (padded G*H): W_hh h + b_hh
  std::vector<T> h_cell_;     // (H): the cell's h before projection / before it replaces h_l
  std::vector<T> c_next_;     // (H)
  std::vector<T> projected_;  // (padded H_out)
  std::vector<T> cache_;      // (cache_width*H): what the kernel saves for backward, unused here
  std::vector<T> zeros_;      // (padded H_out): the bias of the projection
  bool backwards_ = false;    // the panel order, alternated step after step
};

extern template class PanelMatrix<float>;
extern template class PanelMatrix<double>;
extern template class Streamer<float>;
extern template class Streamer<double>;

}  // namespace elman::nn
