#pragma once
// Model files: a recurrent layer's parameters under PyTorch's state_dict names in a safetensors file, with the
// layer configuration as __metadata__ strings ({"mode": "LSTM", "input_size": "1", "hidden_size": "64", ...}).
// A file without that metadata (PyTorch's `save_file(model.state_dict())`) still loads: mode, layers, directions,
// sizes and projection follow from the tensor names and shapes; relu-vs-tanh and batch_first come from the caller.
// `prefix` ("lstm.") picks a submodule's tensors out of a whole model. Every inconsistency names the tensor.
#include <filesystem>
#include <string>

#include "elman/core/parameters.hpp"
#include "elman/io/safetensors.hpp"
#include "elman/nn/recurrent.hpp"

namespace elman::io {

// The configuration as model-file metadata: every RecurrentConfig field, as strings ("true"/"false" for flags).
Metadata config_to_metadata(const nn::RecurrentConfig& config);

struct ModelLoadOptions {
  // Only tensors whose names begin with `prefix` belong to the model, which names them without it.
  std::string prefix;
  // For files whose metadata does not say: an RNN is RNN_RELU rather than RNN_TANH; the input is (N, T, I).
  bool relu = false;
  bool batch_first = false;
};

// The configuration of the model in `file`: from __metadata__ when it holds a "mode", otherwise inferred from the
// tensors under options.prefix. Validated; load_model checks it against every tensor.
nn::RecurrentConfig model_config(const SafetensorsFile& file, const ModelLoadOptions& options = {});
// The dtype of the model's tensors (all must share one float dtype), so a caller can load it as float or double.
Dtype model_dtype(const SafetensorsFile& file, const ModelLoadOptions& options = {});

template <typename T>
struct RecurrentModel {
  nn::RecurrentConfig config;
  Parameters<T> params;  // registered by `layer` without prefix ("weight_ih_l0")
  nn::Recurrent<T> layer;
};

// Builds the layer of model_config(file) and fills its parameters. Errors: a tensor the configuration needs is
// missing, a tensor under the prefix is not one of its parameters, a shape differs from what the configuration
// (metadata or inference) needs, a tensor is not a float tensor.
template <typename T>
RecurrentModel<T> load_model(const SafetensorsFile& file, const ModelLoadOptions& options = {});
template <typename T>
RecurrentModel<T> load_model(const std::filesystem::path& path, const ModelLoadOptions& options = {});

// A file holding every parameter of `params` (under its registered name) and the configuration as metadata.
template <typename T>
SafetensorsFile model_to_safetensors(const nn::RecurrentConfig& config, const Parameters<T>& params);
// model_to_safetensors, written atomically.
template <typename T>
void save_model(const std::filesystem::path& path, const nn::RecurrentConfig& config, const Parameters<T>& params);

}  // namespace elman::io
