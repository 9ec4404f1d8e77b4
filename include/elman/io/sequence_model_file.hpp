#pragma once
// SequenceModel files: the state_dict ("rnn.weight_ih_l0", ..., "head.weight", "head.bias") in a safetensors file
// with the configuration in __metadata__: model_file's recurrent keys ("mode", "input_size", "hidden_size", ...)
// plus "model": "SequenceModel", "output_size", "head_dropout", "every_step" and (where not 0) "first_step". The
// same file loads into the torch.nn.Module of docs/sequence_model.md with safetensors.torch.load_file +
// load_state_dict, and a file that PyTorch wrote from that module (no metadata) loads here: the configuration
// follows from the tensor shapes.
#include <filesystem>

#include "elman/io/safetensors.hpp"
#include "elman/nn/sequence_model.hpp"

namespace elman::io {

Metadata sequence_model_metadata(const nn::SequenceModelConfig& config);
// From metadata when the file has it, otherwise inferred from "rnn.*" and "head.*" (batch_first from the caller).
nn::SequenceModelConfig sequence_model_config(const SafetensorsFile& file, bool batch_first = false);

template <typename T>
SafetensorsFile sequence_model_to_safetensors(const nn::SequenceModel<T>& model);
template <typename T>
void save_sequence_model(const std::filesystem::path& path, const nn::SequenceModel<T>& model);

// Copies the file's tensors (names without `prefix`) into the model's parameters; every parameter must be
// present with its shape, and every tensor under the prefix must be a parameter.
template <typename T>
void fill_sequence_model(const SafetensorsFile& file, nn::SequenceModel<T>& model, const std::string& prefix = "");

template <typename T>
nn::SequenceModel<T> load_sequence_model(const SafetensorsFile& file, bool batch_first = false);
template <typename T>
nn::SequenceModel<T> load_sequence_model(const std::filesystem::path& path, bool batch_first = false);

}  // namespace elman::io
