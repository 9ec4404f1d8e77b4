#include "elman/io/sequence_model_file.hpp"

#include <algorithm>

#include "elman/io/model_file.hpp"
#include "metadata_values.hpp"

namespace elman::io {

namespace {

std::string where(const SafetensorsFile& file) { return file.source().empty() ? "model file" : file.source(); }

std::string flag(bool value) { return value ? "true" : "false"; }

const std::string* find(const Metadata& metadata, const std::string& key) {
  const auto it = metadata.find(key);
  return it == metadata.end() ? nullptr : &it->second;
}

}  // namespace

Metadata sequence_model_metadata(const nn::SequenceModelConfig& config) {
  Metadata metadata = config_to_metadata(config.rnn);
  metadata["model"] = "SequenceModel";
  metadata["output_size"] = std::to_string(config.output_size);
  metadata["head_dropout"] = fmt::format("{}", config.dropout);
  metadata["every_step"] = flag(config.every_step);
  if (config.first_step > 0) metadata["first_step"] = std::to_string(config.first_step);
  return metadata;
}

nn::SequenceModelConfig sequence_model_config(const SafetensorsFile& file, bool batch_first) {
  const std::string place = where(file);
  const Metadata& metadata = file.metadata();
  if (const std::string* model = find(metadata, "model"); model && *model != "SequenceModel")
    fail("{}: __metadata__ 'model': expected 'SequenceModel', got '{}'", place, *model);
  nn::SequenceModelConfig config;
  config.rnn = model_config(file, ModelLoadOptions{"rnn.", false, batch_first});
  const StoredTensor& weight = file.at("head.weight");
  if (weight.shape.size() != 2 || weight.shape[1] != config.features())
    fail("{}: tensor 'head.weight' has shape {}, expected (K, {}) to read the recurrent stack's output", place,
         to_string(weight.shape), config.features());
  config.output_size = weight.shape[0];
  if (const std::string* text = find(metadata, "head_dropout"))
    config.dropout = parse_real(place, "head_dropout", *text);
  if (const std::string* text = find(metadata, "every_step"))
    config.every_step = parse_flag(place, "every_step", *text);
  if (const std::string* text = find(metadata, "first_step"))
    config.first_step = parse_count(place, "first_step", *text);
  try {
    config.validate();
  } catch (const Error& e) {
    fail("{}: {}", place, e.what());
  }
  return config;
}

template <typename T>
SafetensorsFile sequence_model_to_safetensors(const nn::SequenceModel<T>& model) {
  SafetensorsFile file;
  const Parameters<T>& params = model.parameters();
  for (std::size_t i = 0; i < params.count(); ++i) {
    const auto values = params.value(i);
    file.set(params.name(i), Tensor<T>(params.shape(i), std::vector<T>(values.begin(), values.end())));
  }
  file.metadata() = sequence_model_metadata(model.config());
  return file;
}

template <typename T>
void save_sequence_model(const std::filesystem::path& path, const nn::SequenceModel<T>& model) {
  sequence_model_to_safetensors(model).write(path);
}

template <typename T>
void fill_sequence_model(const SafetensorsFile& file, nn::SequenceModel<T>& model, const std::string& prefix) {
  const std::string place = where(file);
  Parameters<T>& params = model.parameters();
  for (std::size_t i = 0; i < params.count(); ++i) {
    const std::string name = prefix + params.name(i);
    if (!file.contains(name)) fail("{}: missing tensor '{}' (shape {})", place, name, to_string(params.shape(i)));
    const Tensor<T> tensor = file.get<T>(name);
    if (tensor.shape() != params.shape(i))
      fail("{}: tensor '{}' has shape {}, expected {}", place, name, to_string(tensor.shape()), to_string(params.shape(i)));
    std::copy(tensor.span().begin(), tensor.span().end(), params.value(i).begin());
  }
  for (const auto& item : file.tensors())
    if (item.first.starts_with(prefix) && !params.find(std::string_view(item.first).substr(prefix.size())))
      fail("{}: extra tensor '{}': not a parameter of the SequenceModel", place, item.first);
}

template <typename T>
nn::SequenceModel<T> load_sequence_model(const SafetensorsFile& file, bool batch_first) {
  nn::SequenceModel<T> model(sequence_model_config(file, batch_first));
  fill_sequence_model(file, model);
  return model;
}

template <typename T>
nn::SequenceModel<T> load_sequence_model(const std::filesystem::path& path, bool batch_first) {
  return load_sequence_model<T>(SafetensorsFile::read(path), batch_first);
}

#define ELMAN_INSTANTIATE(T)                                                                                   \
  template SafetensorsFile sequence_model_to_safetensors(const nn::SequenceModel<T>&);                         \
  template void save_sequence_model(const std::filesystem::path&, const nn::SequenceModel<T>&);                \
  template void fill_sequence_model(const SafetensorsFile&, nn::SequenceModel<T>&, const std::string&);        \
  template nn::SequenceModel<T> load_sequence_model<T>(const SafetensorsFile&, bool);                          \
  template nn::SequenceModel<T> load_sequence_model<T>(const std::filesystem::path&, bool);
ELMAN_INSTANTIATE(float)
ELMAN_INSTANTIATE(double)
#undef ELMAN_INSTANTIATE

}  // namespace elman::io
