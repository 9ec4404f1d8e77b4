// The table the stack driver dispatches through: one row per cell, holding the vectorised kernels for the best
// instruction set of this CPU (pointwise_kernels.hpp).
#include "elman/kernels/cell_kernels.hpp"

#include "kernels/pointwise_kernels.hpp"

namespace elman::kernels {
namespace {

template <typename T>
const detail::PointwiseKernels<T>& best() {
  static const detail::PointwiseKernels<T>& kernels = detail::pointwise_kernels<T>(detail::pointwise_best_isa());
  return kernels;
}

}  // namespace

template <typename T>
const CellKernels<T>& cell_kernels(CellKind kind) {
  static const CellKernels<T> kTable[] = {
      {1, 0, false, best<T>().rnn_tanh_forward, best<T>().rnn_tanh_backward},  // CellKind::RnnTanh
      {1, 0, false, best<T>().rnn_relu_forward, best<T>().rnn_relu_backward},  // CellKind::RnnRelu
      {4, 5, true, best<T>().lstm_forward, best<T>().lstm_backward},           // CellKind::Lstm
      {3, 4, false, best<T>().gru_forward, best<T>().gru_backward},            // CellKind::Gru
  };
  return kTable[static_cast<int>(kind)];
}

template <typename T>
void rnn_tanh_forward(std::int64_t n, std::int64_t h, const T* gx, const T* gh, const T* h_prev, const T* c_prev,
                      T* h_out, T* c_out, T* cache) {
  best<T>().rnn_tanh_forward(n, h, gx, gh, h_prev, c_prev, h_out, c_out, cache);
}
template <typename T>
void rnn_tanh_backward(std::int64_t n, std::int64_t h, const T* cache, const T* h_prev, const T* c_prev, const T* h_out,
                       const T* dh, const T* dc, T* dgx, T* dgh, T* dh_prev, T* dc_prev) {
  best<T>().rnn_tanh_backward(n, h, cache, h_prev, c_prev, h_out, dh, dc, dgx, dgh, dh_prev, dc_prev);
}
template <typename T>
void rnn_relu_forward(std::int64_t n, std::int64_t h, const T* gx, const T* gh, const T* h_prev, const T* c_prev,
                      T* h_out, T* c_out, T* cache) {
  best<T>().rnn_relu_forward(n, h, gx, gh, h_prev, c_prev, h_out, c_out, cache);
}
template <typename T>
void rnn_relu_backward(std::int64_t n, std::int64_t h, const T* cache, const T* h_prev, const T* c_prev, const T* h_out,
                       const T* dh, const T* dc, T* dgx, T* dgh, T* dh_prev, T* dc_prev) {
  best<T>().rnn_relu_backward(n, h, cache, h_prev, c_prev, h_out, dh, dc, dgx, dgh, dh_prev, dc_prev);
}
template <typename T>
void lstm_forward(std::int64_t n, std::int64_t h, const T* gx, const T* gh, const T* h_prev, const T* c_prev, T* h_out,
                  T* c_out, T* cache) {
  best<T>().lstm_forward(n, h, gx, gh, h_prev, c_prev, h_out, c_out, cache);
}
template <typename T>
void lstm_backward(std::int64_t n, std::int64_t h, const T* cache, const T* h_prev, const T* c_prev, const T* h_out,
                   const T* dh, const T* dc, T* dgx, T* dgh, T* dh_prev, T* dc_prev) {
  best<T>().lstm_backward(n, h, cache, h_prev, c_prev, h_out, dh, dc, dgx, dgh, dh_prev, dc_prev);
}
template <typename T>
void gru_forward(std::int64_t n, std::int64_t h, const T* gx, const T* gh, const T* h_prev, const T* c_prev, T* h_out,
                 T* c_out, T* cache) {
  best<T>().gru_forward(n, h, gx, gh, h_prev, c_prev, h_out, c_out, cache);
}
template <typename T>
void gru_backward(std::int64_t n, std::int64_t h, const T* cache, const T* h_prev, const T* c_prev, const T* h_out,
                  const T* dh, const T* dc, T* dgx, T* dgh, T* dh_prev, T* dc_prev) {
  best<T>().gru_backward(n, h, cache, h_prev, c_prev, h_out, dh, dc, dgx, dgh, dh_prev, dc_prev);
}

#define ELMAN_INSTANTIATE_CELL_KERNELS(T)                                                                            \
  template const CellKernels<T>& cell_kernels<T>(CellKind);                                                          \
  template void rnn_tanh_forward<T>(std::int64_t, std::int64_t, const T*, const T*, const T*, const T*, T*, T*, T*); \
  template void rnn_tanh_backward<T>(std::int64_t, std::int64_t, const T*, const T*, const T*, const T*, const T*,   \
                                     const T*, T*, T*, T*, T*);                                                      \
  template void rnn_relu_forward<T>(std::int64_t, std::int64_t, const T*, const T*, const T*, const T*, T*, T*, T*); \
  template void rnn_relu_backward<T>(std::int64_t, std::int64_t, const T*, const T*, const T*, const T*, const T*,   \
                                     const T*, T*, T*, T*, T*);                                                      \
  template void lstm_forward<T>(std::int64_t, std::int64_t, const T*, const T*, const T*, const T*, T*, T*, T*);     \
  template void lstm_backward<T>(std::int64_t, std::int64_t, const T*, const T*, const T*, const T*, const T*,       \
                                 const T*, T*, T*, T*, T*);                                                          \
  template void gru_forward<T>(std::int64_t, std::int64_t, const T*, const T*, const T*, const T*, T*, T*, T*);      \
  template void gru_backward<T>(std::int64_t, std::int64_t, const T*, const T*, const T*, const T*, const T*,        \
                                const T*, T*, T*, T*, T*);
ELMAN_INSTANTIATE_CELL_KERNELS(float)
ELMAN_INSTANTIATE_CELL_KERNELS(double)

}  // namespace elman::kernels
