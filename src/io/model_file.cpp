#include "elman/io/model_file.hpp"

#include <array>
#include <optional>
#include <regex>

#include "elman/core/atomic_file.hpp"
#include "elman/core/error.hpp"
#include "metadata_values.hpp"

namespace elman::io {
namespace {

constexpr std::string_view kFromMetadata = "the configuration in __metadata__";
constexpr std::string_view kInferred = "the configuration inferred from the tensor names and shapes";
constexpr std::array<nn::Mode, 4> kModes{nn::Mode::RnnTanh, nn::Mode::RnnRelu, nn::Mode::Lstm, nn::Mode::Gru};

std::string where(const SafetensorsFile& file) { return file.source().empty() ? "model file" : file.source(); }

// "lstm" and "lstm." both pick lstm.weight_ih_l0, as PyTorch's state_dict keys join module names with dots.
std::string normalized(std::string prefix) {
  if (!prefix.empty() && prefix.back() != '.') prefix += '.';
  return prefix;
}

bool has_prefix(const std::string& name, const std::string& prefix) {
  return name.compare(0, prefix.size(), prefix) == 0;
}

// ---- Configuration from metadata strings ----

nn::Mode parse_file_mode(const std::string& where, const std::string& text) {
  for (const nn::Mode mode : kModes)
    if (nn::mode_name(mode) == text) return mode;
  fail("{}: __metadata__ 'mode': unknown mode '{}', expected RNN_TANH, RNN_RELU, LSTM or GRU", where, text);
}

nn::RecurrentConfig config_from_metadata(const Metadata& metadata, const std::string& where, bool batch_first) {
  const auto text = [&](const char* key) -> std::optional<std::string> {
    const auto it = metadata.find(key);
    return it == metadata.end() ? std::nullopt : std::optional(it->second);
  };
  const auto required = [&](const char* key) {
    if (auto value = text(key)) return *value;
    fail("{}: __metadata__ has a 'mode' but no '{}'", where, key);
  };
  nn::RecurrentConfig config;
  config.mode = parse_file_mode(where, required("mode"));
  config.input_size = parse_count(where, "input_size", required("input_size"));
  config.hidden_size = parse_count(where, "hidden_size", required("hidden_size"));
  // The rest default as torch's constructor arguments do.
  if (auto v = text("num_layers")) config.num_layers = parse_count(where, "num_layers", *v);
  if (auto v = text("bias")) config.bias = parse_flag(where, "bias", *v);
  config.batch_first = batch_first;
  if (auto v = text("batch_first")) config.batch_first = parse_flag(where, "batch_first", *v);
  if (auto v = text("bidirectional")) config.bidirectional = parse_flag(where, "bidirectional", *v);
  if (auto v = text("proj_size")) config.proj_size = parse_count(where, "proj_size", *v);
  if (auto v = text("dropout")) config.dropout = parse_real(where, "dropout", *v);
  return config;
}

// ---- Configuration from names and shapes ----

struct ParameterName {
  std::int64_t layer;
  bool reverse;
};

// weight_ih_l0, bias_hh_l1_reverse, weight_hr_l0 ...: torch's RNNBase._flat_weights_names.
std::optional<ParameterName> parse_parameter_name(const std::string& name) {
  static const std::regex pattern(R"(^(weight|bias)_(ih|hh|hr)_l(\d{1,9})(_reverse)?$)");
  std::smatch match;
  if (!std::regex_match(name, match, pattern)) return std::nullopt;
  return ParameterName{std::stoll(match[3].str()), match[4].matched};
}

const StoredTensor& matrix(const SafetensorsFile& file, const std::string& name, const std::string& where) {
  if (!file.contains(name)) fail("{}: missing tensor '{}', needed to infer the configuration", where, name);
  const StoredTensor& tensor = file.at(name);
  if (tensor.shape.size() != 2)
    fail("{}: tensor '{}' has shape {}, expected a matrix", where, name, to_string(tensor.shape));
  return tensor;
}

// Gate rows per hidden unit: 1 (RNN), 3 (GRU), 4 (LSTM), from weight_hh_l0's (G*H, H_out).
nn::Mode infer_mode(std::int64_t rows, std::int64_t hidden, bool relu, const std::string& name, const Shape& shape,
                    const std::string& where) {
  if (hidden > 0 && rows == hidden) return relu ? nn::Mode::RnnRelu : nn::Mode::RnnTanh;
  if (hidden > 0 && rows == 3 * hidden) return nn::Mode::Gru;
  if (hidden > 0 && rows == 4 * hidden) return nn::Mode::Lstm;
  fail("{}: tensor '{}' has shape {}: its rows are not 1, 3 or 4 times hidden_size {} (RNN, GRU or LSTM)", where, name,
       to_string(shape), hidden);
}

nn::RecurrentConfig infer_config(const SafetensorsFile& file, const ModelLoadOptions& options,
                                 const std::string& where) {
  const std::string prefix = normalized(options.prefix);
  nn::RecurrentConfig config;
  config.num_layers = 0;
  config.bias = false;
  for (const auto& [name, tensor] : file.tensors()) {
    if (!has_prefix(name, prefix)) continue;
    const auto parsed = parse_parameter_name(name.substr(prefix.size()));
    if (!parsed)
      fail("{}: tensor '{}' is not a parameter of a recurrent layer{}", where, name,
           prefix.empty() ? " (a prefix such as 'lstm.' picks a submodule's tensors)" : "");
    config.num_layers = std::max(config.num_layers, parsed->layer + 1);
    config.bidirectional = config.bidirectional || parsed->reverse;
    config.bias = config.bias || name.find("bias_", prefix.size()) == prefix.size();
  }
  if (config.num_layers == 0)
    fail("{}: no tensors{} to load a recurrent layer from", where,
         prefix.empty() ? "" : " under prefix '" + prefix + "'");
  const StoredTensor& w_ih = matrix(file, prefix + "weight_ih_l0", where);
  const StoredTensor& w_hh = matrix(file, prefix + "weight_hh_l0", where);
  config.input_size = w_ih.shape[1];
  config.hidden_size = w_hh.shape[1];
  if (file.contains(prefix + "weight_hr_l0")) {  // LSTM with projection: W_hr is (proj_size, hidden_size)
    const StoredTensor& w_hr = matrix(file, prefix + "weight_hr_l0", where);
    config.proj_size = w_hr.shape[0];
    config.hidden_size = w_hr.shape[1];
  }
  config.mode = infer_mode(w_hh.shape[0], config.hidden_size, options.relu, prefix + "weight_hh_l0", w_hh.shape, where);
  config.batch_first = options.batch_first;
  return config;
}

bool has_model_metadata(const SafetensorsFile& file) { return file.metadata().contains("mode"); }

// ---- Tensors against the configuration ----

template <typename T>
void fill_parameters(const SafetensorsFile& file, const std::string& prefix, std::string_view source,
                     Parameters<T>& params, const std::string& where) {
  for (std::size_t i = 0; i < params.count(); ++i) {
    const std::string name = prefix + params.name(i);
    if (!file.contains(name))
      fail("{}: missing tensor '{}' of shape {}, which {} needs", where, name, to_string(params.shape(i)), source);
    const Shape& shape = file.at(name).shape;
    if (shape != params.shape(i))
      fail("{}: tensor '{}' has shape {}, but {} needs {}", where, name, to_string(shape), source,
           to_string(params.shape(i)));
    const Tensor<T> values = file.get<T>(name);
    std::copy(values.span().begin(), values.span().end(), params.value(i).begin());
  }
  for (const auto& [name, tensor] : file.tensors())
    if (has_prefix(name, prefix) && !params.find(std::string_view(name).substr(prefix.size())))
      fail("{}: extra tensor '{}': not a parameter of the layer that {} describes", where, name, source);
}

}  // namespace

Metadata config_to_metadata(const nn::RecurrentConfig& config) {
  const auto flag = [](bool value) { return std::string(value ? "true" : "false"); };
  return {{"mode", std::string(nn::mode_name(config.mode))},
          {"input_size", std::to_string(config.input_size)},
          {"hidden_size", std::to_string(config.hidden_size)},
          {"num_layers", std::to_string(config.num_layers)},
          {"bias", flag(config.bias)},
          {"batch_first", flag(config.batch_first)},
          {"bidirectional", flag(config.bidirectional)},
          {"proj_size", std::to_string(config.proj_size)},
          {"dropout", fmt::format("{}", config.dropout)}};
}

nn::RecurrentConfig model_config(const SafetensorsFile& file, const ModelLoadOptions& options) {
  const std::string place = where(file);
  const nn::RecurrentConfig config = has_model_metadata(file)
                                         ? config_from_metadata(file.metadata(), place, options.batch_first)
                                         : infer_config(file, options, place);
  try {
    config.validate();
  } catch (const Error& e) {
    fail("{}: {}: {}", place, has_model_metadata(file) ? kFromMetadata : kInferred, e.what());
  }
  return config;
}

Dtype model_dtype(const SafetensorsFile& file, const ModelLoadOptions& options) {
  const std::string prefix = normalized(options.prefix);
  const std::string place = where(file);
  const std::pair<const std::string, StoredTensor>* first = nullptr;
  for (const auto& item : file.tensors()) {
    if (!has_prefix(item.first, prefix)) continue;
    if (!is_float_dtype(item.second.dtype))
      fail("{}: tensor '{}' has dtype {}, expected a float tensor (F32, F64, F16 or BF16)", place, item.first,
           dtype_name(item.second.dtype));
    if (first && first->second.dtype != item.second.dtype)
      fail("{}: tensors '{}' ({}) and '{}' ({}) differ in dtype", place, first->first, dtype_name(first->second.dtype),
           item.first, dtype_name(item.second.dtype));
    if (!first) first = &item;
  }
  if (!first)
    fail("{}: no tensors{} to load a recurrent layer from", place,
         prefix.empty() ? "" : " under prefix '" + prefix + "'");
  return first->second.dtype;
}

template <typename T>
RecurrentModel<T> load_model(const SafetensorsFile& file, const ModelLoadOptions& options) {
  const nn::RecurrentConfig config = model_config(file, options);
  Parameters<T> params;
  nn::Recurrent<T> layer(config, params);
  fill_parameters(file, normalized(options.prefix), has_model_metadata(file) ? kFromMetadata : kInferred, params,
                  where(file));
  return RecurrentModel<T>{config, std::move(params), std::move(layer)};
}

template <typename T>
RecurrentModel<T> load_model(const std::filesystem::path& path, const ModelLoadOptions& options) {
  return load_model<T>(SafetensorsFile::read(path), options);
}

template <typename T>
SafetensorsFile model_to_safetensors(const nn::RecurrentConfig& config, const Parameters<T>& params) {
  SafetensorsFile file;
  for (std::size_t i = 0; i < params.count(); ++i) {
    const auto values = params.value(i);
    file.set(params.name(i), Tensor<T>(params.shape(i), std::vector<T>(values.begin(), values.end())));
  }
  file.metadata() = config_to_metadata(config);
  return file;
}

template <typename T>
void save_model(const std::filesystem::path& path, const nn::RecurrentConfig& config, const Parameters<T>& params) {
  model_to_safetensors(config, params).write(path);
}

template RecurrentModel<float> load_model<float>(const SafetensorsFile&, const ModelLoadOptions&);
template RecurrentModel<double> load_model<double>(const SafetensorsFile&, const ModelLoadOptions&);
template RecurrentModel<float> load_model<float>(const std::filesystem::path&, const ModelLoadOptions&);
template RecurrentModel<double> load_model<double>(const std::filesystem::path&, const ModelLoadOptions&);
template SafetensorsFile model_to_safetensors<float>(const nn::RecurrentConfig&, const Parameters<float>&);
template SafetensorsFile model_to_safetensors<double>(const nn::RecurrentConfig&, const Parameters<double>&);
template void save_model<float>(const std::filesystem::path&, const nn::RecurrentConfig&, const Parameters<float>&);
template void save_model<double>(const std::filesystem::path&, const nn::RecurrentConfig&, const Parameters<double>&);

}  // namespace elman::io
