#pragma once
// The plain scalar kernels of each cell (std::exp, std::tanh; rnn_kernels.cpp, lstm_kernels.cpp, gru_kernels.cpp),
// with the same arguments as the public ones in cell_kernels.hpp. They are the readable statement of each cell's
// formulas and the reference that tests/kernels/cell_kernels_test.cpp checks the vectorised kernels against.
#include <cstdint>

namespace elman::kernels::reference {

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

}  // namespace elman::kernels::reference
