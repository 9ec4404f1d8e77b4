// The table the stack driver dispatches through: one row per cell.
#include "elman/kernels/cell_kernels.hpp"

namespace elman::kernels {

template <typename T>
const CellKernels<T>& cell_kernels(CellKind kind) {
  static const CellKernels<T> kTable[] = {
      {1, 0, false, rnn_tanh_forward<T>, rnn_tanh_backward<T>},  // CellKind::RnnTanh
      {1, 0, false, rnn_relu_forward<T>, rnn_relu_backward<T>},  // CellKind::RnnRelu
      {4, 5, true, lstm_forward<T>, lstm_backward<T>},           // CellKind::Lstm
      {3, 4, false, gru_forward<T>, gru_backward<T>},            // CellKind::Gru
  };
  return kTable[static_cast<int>(kind)];
}

template const CellKernels<float>& cell_kernels<float>(CellKind);
template const CellKernels<double>& cell_kernels<double>(CellKind);

}  // namespace elman::kernels
