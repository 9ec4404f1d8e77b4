// The reference (plain scalar) kernels; the library runs the vectorised ones of cell_loops.inc.
// Elman RNN step (torch.nn.RNN): h' = act(gx + gh), act = tanh or relu. No cache: backward reads h' itself,
// since tanh'(a) = 1 - h'^2 and relu'(a) = [h' > 0] (PyTorch also takes relu's derivative at 0 as 0).
#include <algorithm>
#include <cmath>

#include "kernels/cell_kernels_reference.hpp"

namespace elman::kernels::reference {

template <typename T>
void rnn_tanh_forward(std::int64_t n, std::int64_t h, const T* gx, const T* gh, const T*, const T*, T* h_out, T*, T*) {
  for (std::int64_t i = 0; i < n * h; ++i) h_out[i] = std::tanh(gx[i] + gh[i]);
}

template <typename T>
void rnn_tanh_backward(std::int64_t n, std::int64_t h, const T*, const T*, const T*, const T* h_out, const T* dh,
                       const T*, T* dgx, T* dgh, T*, T*) {
  for (std::int64_t i = 0; i < n * h; ++i) dgx[i] = dgh[i] = dh[i] * (T{1} - h_out[i] * h_out[i]);
}

template <typename T>
void rnn_relu_forward(std::int64_t n, std::int64_t h, const T* gx, const T* gh, const T*, const T*, T* h_out, T*, T*) {
  for (std::int64_t i = 0; i < n * h; ++i) h_out[i] = std::max(gx[i] + gh[i], T{0});
}

template <typename T>
void rnn_relu_backward(std::int64_t n, std::int64_t h, const T*, const T*, const T*, const T* h_out, const T* dh,
                       const T*, T* dgx, T* dgh, T*, T*) {
  for (std::int64_t i = 0; i < n * h; ++i) dgx[i] = dgh[i] = h_out[i] > T{0} ? dh[i] : T{0};
}

#define ELMAN_INSTANTIATE_RNN(T)                                                                                     \
  template void rnn_tanh_forward<T>(std::int64_t, std::int64_t, const T*, const T*, const T*, const T*, T*, T*, T*); \
  template void rnn_tanh_backward<T>(std::int64_t, std::int64_t, const T*, const T*, const T*, const T*, const T*,   \
                                     const T*, T*, T*, T*, T*);                                                      \
  template void rnn_relu_forward<T>(std::int64_t, std::int64_t, const T*, const T*, const T*, const T*, T*, T*, T*); \
  template void rnn_relu_backward<T>(std::int64_t, std::int64_t, const T*, const T*, const T*, const T*, const T*,   \
                                     const T*, T*, T*, T*, T*);
ELMAN_INSTANTIATE_RNN(float)
ELMAN_INSTANTIATE_RNN(double)

}  // namespace elman::kernels::reference
