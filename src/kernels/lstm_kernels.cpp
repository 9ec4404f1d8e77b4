// The reference (plain scalar) kernels; the library runs the vectorised ones of cell_loops.inc.
// LSTM step (torch.nn.LSTM), gate blocks i, f, g, o:
//   i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o),  a = gx + gh
//   c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')
// cache (N, 5H) = [i | f | g | o | tanh(c')] per row.
#include <algorithm>
#include <cmath>

#include "activations.hpp"
#include "kernels/cell_kernels_reference.hpp"

namespace elman::kernels::reference {

template <typename T>
void lstm_forward(std::int64_t n, std::int64_t h, const T* gx, const T* gh, const T*, const T* c_prev, T* h_out,
                  T* c_out, T* cache) {
  for (std::int64_t row = 0; row < n; ++row) {
    const T* x = gx + row * 4 * h;
    const T* r = gh + row * 4 * h;
    T* k = cache + row * 5 * h;
    for (std::int64_t j = 0; j < h; ++j) {
      const T i = sigmoid(x[j] + r[j]);
      const T f = sigmoid(x[h + j] + r[h + j]);
      const T g = std::tanh(x[2 * h + j] + r[2 * h + j]);
      const T o = sigmoid(x[3 * h + j] + r[3 * h + j]);
      const T c = f * c_prev[row * h + j] + i * g;
      const T tanh_c = std::tanh(c);
      k[j] = i, k[h + j] = f, k[2 * h + j] = g, k[3 * h + j] = o, k[4 * h + j] = tanh_c;
      c_out[row * h + j] = c;
      h_out[row * h + j] = o * tanh_c;
    }
  }
}

// dc' = dc + dh ⊙ o ⊙ (1 - tanh²c'); then di = dc' g, df = dc' c, dg = dc' i, do = dh tanh c', dc_prev = dc' f,
// each times its activation's derivative (σ' = s(1-s), tanh' = 1 - t²).
template <typename T>
void lstm_backward(std::int64_t n, std::int64_t h, const T* cache, const T*, const T* c_prev, const T*, const T* dh,
                   const T* dc, T* dgx, T* dgh, T*, T* dc_prev) {
  for (std::int64_t row = 0; row < n; ++row) {
    const T* k = cache + row * 5 * h;
    T* d = dgx + row * 4 * h;
    for (std::int64_t j = 0; j < h; ++j) {
      const std::int64_t at = row * h + j;
      const T i = k[j], f = k[h + j], g = k[2 * h + j], o = k[3 * h + j], tanh_c = k[4 * h + j];
      const T dc_total = dc[at] + dh[at] * o * (T{1} - tanh_c * tanh_c);
      d[j] = dc_total * g * i * (T{1} - i);
      d[h + j] = dc_total * c_prev[at] * f * (T{1} - f);
      d[2 * h + j] = dc_total * i * (T{1} - g * g);
      d[3 * h + j] = dh[at] * tanh_c * o * (T{1} - o);
      dc_prev[at] = dc_total * f;
    }
  }
  std::copy(dgx, dgx + n * 4 * h, dgh);
}

#define ELMAN_INSTANTIATE_LSTM(T)                                                                                \
  template void lstm_forward<T>(std::int64_t, std::int64_t, const T*, const T*, const T*, const T*, T*, T*, T*); \
  template void lstm_backward<T>(std::int64_t, std::int64_t, const T*, const T*, const T*, const T*, const T*,   \
                                 const T*, T*, T*, T*, T*);
ELMAN_INSTANTIATE_LSTM(float)
ELMAN_INSTANTIATE_LSTM(double)

}  // namespace elman::kernels::reference
