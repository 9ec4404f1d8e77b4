#pragma once
// The pointwise step of each recurrent cell, forward and backward, on raw row-major buffers for one time step of
// one layer-direction (N rows of a batch, hidden size H). The stack driver (src/nn) does every matrix product:
//   gx = x W_ih^T + b_ih   (N, G*H)   input pre-activations, gate blocks in PyTorch order
//   gh = h W_hh^T + b_hh   (N, G*H)   recurrent pre-activations
// and the kernel turns them into the new state. Keeping gx and gh apart lets GRU apply its reset gate after
// W_hn h + b_hn (torch.nn.GRU); RNN and LSTM just add them.
// Adding a cell means writing its two functions and one row of cell_kernels(); the driver stays as it is.
#include <cstdint>

namespace elman::kernels {

enum class CellKind { RnnTanh, RnnRelu, Lstm, Gru };

// Forward: reads gx, gh (N, G*H), h_prev (N, H; GRU only), c_prev (N, H; LSTM only); writes h (N, H) (for LSTM
// the state before any projection), c (N, H; LSTM only) and cache (N, cache_width), what backward needs.
template <typename T>
using CellForward = void (*)(std::int64_t n, std::int64_t h, const T* gx, const T* gh, const T* h_prev, const T* c_prev,
                             T* h_out, T* c_out, T* cache);

// Backward: given dh = dL/dh (N, H) and dc = dL/dc (N, H; LSTM only) of this step's outputs, writes
// dgx = dL/dgx and dgh = dL/dgh (N, G*H) and dc_prev (N, H; LSTM only), and ADDS the direct path
// dL/dh_prev that bypasses W_hh (GRU's z ⊙ dh) into dh_prev (N, H); the driver adds dgh W_hh afterwards.
template <typename T>
using CellBackward = void (*)(std::int64_t n, std::int64_t h, const T* cache, const T* h_prev, const T* c_prev,
                              const T* h_out, const T* dh, const T* dc, T* dgx, T* dgh, T* dh_prev, T* dc_prev);

template <typename T>
struct CellKernels {
  std::int64_t gate_count;   // G: 1 (RNN), 4 (LSTM: i, f, g, o), 3 (GRU: r, z, n)
  std::int64_t cache_width;  // per row, in units of H
  bool has_cell_state;       // LSTM's c
  CellForward<T> forward;
  CellBackward<T> backward;
};

template <typename T>
const CellKernels<T>& cell_kernels(CellKind kind);

// The kernels of each cell (rnn_kernels.cpp, lstm_kernels.cpp, gru_kernels.cpp).
template <typename T>
void rnn_tanh_forward(std::int64_t n, std::int64_t h, const T* gx, const T* gh, const T* h_prev, const T* c_prev,
                      T* h_out, T* c_out, T* cache);
template <typename T>
void rnn_tanh_backward(std::int64_t n, std::int64_t h, const T* cache, const T* h_prev, const T* c_prev, const T* h_out,
                       const T* dh, const T* dc, T* dgx, T* dgh, T* dh_prev, T* dc_prev);
template <typename T>
void rnn_relu_forward(std::int64_t n, std::int64_t h, const T* gx, const T* gh, const T* h_prev, const T* c_prev,
                      T* h_out, T* c_out, T* cache);
template <typename T>
void rnn_relu_backward(std::int64_t n, std::int64_t h, const T* cache, const T* h_prev, const T* c_prev, const T* h_out,
                       const T* dh, const T* dc, T* dgx, T* dgh, T* dh_prev, T* dc_prev);
template <typename T>
void lstm_forward(std::int64_t n, std::int64_t h, const T* gx, const T* gh, const T* h_prev, const T* c_prev, T* h_out,
                  T* c_out, T* cache);
template <typename T>
void lstm_backward(std::int64_t n, std::int64_t h, const T* cache, const T* h_prev, const T* c_prev, const T* h_out,
                   const T* dh, const T* dc, T* dgx, T* dgh, T* dh_prev, T* dc_prev);
template <typename T>
void gru_forward(std::int64_t n, std::int64_t h, const T* gx, const T* gh, const T* h_prev, const T* c_prev, T* h_out,
                 T* c_out, T* cache);
template <typename T>
void gru_backward(std::int64_t n, std::int64_t h, const T* cache, const T* h_prev, const T* c_prev, const T* h_out,
                  const T* dh, const T* dc, T* dgx, T* dgh, T* dh_prev, T* dc_prev);

}  // namespace elman::kernels
