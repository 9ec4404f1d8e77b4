// The reference (plain scalar) kernels; the library runs the vectorised ones of cell_loops.inc.
// GRU step (torch.nn.GRU), gate blocks r, z, n; the reset gate multiplies W_hn h + b_hn (PyTorch's formula, not
// the original paper's):
//   r = σ(gx_r + gh_r), z = σ(gx_z + gh_z), n = tanh(gx_n + r ⊙ gh_n),  h' = (1 - z) ⊙ n + z ⊙ h
// cache (N, 4H) = [r | z | n | gh_n] per row.
#include <cmath>

#include "activations.hpp"
#include "kernels/cell_kernels_reference.hpp"

namespace elman::kernels::reference {

template <typename T>
void gru_forward(std::int64_t n, std::int64_t h, const T* gx, const T* gh, const T* h_prev, const T*, T* h_out, T*,
                 T* cache) {
  for (std::int64_t row = 0; row < n; ++row) {
    const T* x = gx + row * 3 * h;
    const T* u = gh + row * 3 * h;
    T* k = cache + row * 4 * h;
    for (std::int64_t j = 0; j < h; ++j) {
      const T r = sigmoid(x[j] + u[j]);
      const T z = sigmoid(x[h + j] + u[h + j]);
      const T hn = u[2 * h + j];
      const T cand = std::tanh(x[2 * h + j] + r * hn);
      k[j] = r, k[h + j] = z, k[2 * h + j] = cand, k[3 * h + j] = hn;
      h_out[row * h + j] = (T{1} - z) * cand + z * h_prev[row * h + j];
    }
  }
}

// dn = dh (1 - z), dz = dh (h - n), dh_prev += dh z; da_n = dn (1 - n²) goes to gx_n as is and to gh_n times r;
// dr = da_n gh_n.
template <typename T>
void gru_backward(std::int64_t n, std::int64_t h, const T* cache, const T* h_prev, const T*, const T*, const T* dh,
                  const T*, T* dgx, T* dgh, T* dh_prev, T*) {
  for (std::int64_t row = 0; row < n; ++row) {
    const T* k = cache + row * 4 * h;
    T* dx = dgx + row * 3 * h;
    T* du = dgh + row * 3 * h;
    for (std::int64_t j = 0; j < h; ++j) {
      const std::int64_t at = row * h + j;
      const T r = k[j], z = k[h + j], cand = k[2 * h + j], hn = k[3 * h + j];
      const T da_n = dh[at] * (T{1} - z) * (T{1} - cand * cand);
      const T da_z = dh[at] * (h_prev[at] - cand) * z * (T{1} - z);
      const T da_r = da_n * hn * r * (T{1} - r);
      dx[j] = du[j] = da_r;
      dx[h + j] = du[h + j] = da_z;
      dx[2 * h + j] = da_n;
      du[2 * h + j] = da_n * r;
      dh_prev[at] += dh[at] * z;
    }
  }
}

#define ELMAN_INSTANTIATE_GRU(T)                                                                                \
  template void gru_forward<T>(std::int64_t, std::int64_t, const T*, const T*, const T*, const T*, T*, T*, T*); \
  template void gru_backward<T>(std::int64_t, std::int64_t, const T*, const T*, const T*, const T*, const T*,   \
                                const T*, T*, T*, T*, T*);
ELMAN_INSTANTIATE_GRU(float)
ELMAN_INSTANTIATE_GRU(double)

}  // namespace elman::kernels::reference
