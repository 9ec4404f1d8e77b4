#pragma once
// The one stack driver behind Recurrent<T> and Cell<T>: layers × directions, inter-layer dropout, initial states,
// the h_n layout and the GEMM schedule (cuDNN's): the input projection of all steps as one GEMM, per step one
// recurrent GEMM plus the cell's pointwise kernel, and in backward the weight gradients as GEMMs over all steps.
// Buffers here are time-major and contiguous; layout conversions (batch_first, unbatched) happen in the callers.
#include <span>

#include "elman/core/parameters.hpp"
#include "elman/core/random.hpp"
#include "elman/kernels/cell_kernels.hpp"
#include "elman/nn/recurrent.hpp"

namespace elman::nn::detail {

// The cell kernels of a layer mode.
kernels::CellKind cell_kind(Mode mode);

// input (T, N, I); h0 (L*D, N, H_out) or null; c0 (L*D, N, H) or null; cache.steps/batch say T and N.
// Writes output (T, N, D*H_out), h_n (L*D, N, H_out), c_n (L*D, N, H; LSTM only).
template <typename T>
void stack_forward(const RecurrentConfig& config, std::span<const DirectionParameters> directions,
                   const Parameters<T>& params, const T* input, const T* h0, const T* c0, bool training, Rng* rng,
                   RecurrentCache<T>& cache, T* output, T* h_n, T* c_n);

// grad_output (T, N, D*H_out); grad_h_n, grad_c_n as h_n, c_n or null. Writes grad_input (T, N, I),
// grad_h0 (L*D, N, H_out), grad_c0 (L*D, N, H; LSTM only) and adds the parameter gradients.
template <typename T>
void stack_backward(const RecurrentConfig& config, std::span<const DirectionParameters> directions,
                    Parameters<T>& params, const RecurrentCache<T>& cache, const T* grad_output, const T* grad_h_n,
                    const T* grad_c_n, T* grad_input, T* grad_h0, T* grad_c0);

}  // namespace elman::nn::detail
