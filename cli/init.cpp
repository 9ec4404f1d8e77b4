// elman init --mode lstm --input-size 1 --hidden-size 64 [options] --seed S -o model.safetensors
// A freshly initialised recurrent layer (torch's default U(-1/√H, 1/√H)) as a model file that
// torch.nn.LSTM(...).load_state_dict() accepts, with the configuration as metadata.
#include <fmt/core.h>

#include <cstdint>
#include <memory>
#include <string>

#include "commands.hpp"
#include "elman/io/model_file.hpp"
#include "elman/nn/recurrent.hpp"

namespace elman::cli {
namespace {

struct InitOptions {
  std::string mode;
  nn::RecurrentConfig config;
  bool no_bias = false;
  std::uint64_t seed = 0;
  std::string dtype = "float32";
  std::string output;
};

template <typename T>
void write_initialised_model(const InitOptions& options) {
  Parameters<T> params;
  const nn::Recurrent<T> layer(options.config, params);
  Rng rng(options.seed);
  layer.reset_parameters(params, rng);
  io::save_model(options.output, options.config, params);
  std::int64_t count = 0;
  for (std::size_t p = 0; p < params.count(); ++p) count += element_count(params.shape(p));
  fmt::print("wrote {}: {} with {} parameters in {} tensors\n", options.output, nn::mode_name(options.config.mode),
             count, params.count());
}

}  // namespace

void add_init_command(CLI::App& app) {
  auto options = std::make_shared<InitOptions>();
  CLI::App* command = app.add_subcommand("init", "Write a freshly initialised RNN/LSTM/GRU model file");
  command->footer(
      "PyTorch's state_dict names and shapes, every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) as "
      "torch's reset_parameters (drawn from elman's seeded generator, so the values differ from torch's), the "
      "configuration as metadata: torch.nn.LSTM/GRU/RNN(...).load_state_dict() accepts the file.");
  command->add_option("--mode", options->mode, "rnn_tanh (or rnn), rnn_relu, lstm or gru (any case)")->required();
  command->add_option("--input-size", options->config.input_size, "Features per time step")->required();
  command->add_option("--hidden-size", options->config.hidden_size, "Units per layer")->required();
  command->add_option("--num-layers", options->config.num_layers, "Stacked layers");
  command->add_flag("--no-bias", options->no_bias, "No bias_ih / bias_hh");
  command->add_flag("--batch-first", options->config.batch_first, "Inputs are (N, T, I)");
  command->add_option("--dropout", options->config.dropout, "Dropout between layers in training");
  command->add_flag("--bidirectional", options->config.bidirectional, "Add a reverse direction");
  command->add_option("--proj-size", options->config.proj_size, "LSTM projection size (0 = none)");
  command->add_option("--dtype", options->dtype, "float32 or float64 (f32, f64)")
      ->check(CLI::IsMember({"float32", "float64", "f32", "f64"}));
  command->add_option("--seed", options->seed, "Seed of the initialisation (same seed, same model)")->required();
  command->add_option("-o,--output", options->output, "The model file to write")->required();
  command->callback([options] {
    options->config.mode = nn::parse_mode(options->mode);
    options->config.bias = !options->no_bias;
    if (options->dtype == "float64" || options->dtype == "f64")
      write_initialised_model<double>(*options);
    else
      write_initialised_model<float>(*options);
  });
}

}  // namespace elman::cli
