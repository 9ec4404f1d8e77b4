// elman run MODEL INPUT -o OUT: runs a recurrent model file in evaluation mode on the tensors of INPUT
// (`input`, optional `h0`, `c0`; with `grad_output` (and optional `grad_h_n`, `grad_c_n`) also backward) and
// writes `output`, `h_n` (`c_n`) and the gradients `grad_input`, `grad_h0` (`grad_c0`), `grad.<param>`, in the
// model's dtype.
#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "commands.hpp"
#include "elman/io/model_file.hpp"
#include "elman/io/safetensors.hpp"
#include "elman/nn/recurrent.hpp"

namespace elman::cli {
namespace {

// The help text's footer: what the files hold.
constexpr std::string_view kRunDetails = R"(Runs in evaluation mode (no dropout).
MODEL is a model file (elman init / train, or PyTorch's save_file(layer.state_dict()); without metadata the
configuration is inferred from the tensor names and shapes, and --relu / --batch-first supply what they cannot tell).
INPUT holds the tensors
  input        (T, N, I), (N, T, I) with batch_first, or (T, I) unbatched
  h0, c0       optional initial states, (D*num_layers, N, H_out) and (D*num_layers, N, H) (zeros when absent)
  grad_output  optional: runs backward too, with the gradient of a loss with respect to `output`
  grad_h_n, grad_c_n  optional, with grad_output: the loss's gradients with respect to h_n and c_n
converted to the model's dtype. OUT receives, in the model's dtype, `output`, `h_n` (and `c_n` for LSTM) and, with
grad_output, `grad_input`, `grad.<name>` for every parameter, and `grad_h0` / `grad_c0` only when h0 / c0 were
given (as torch, which has no gradient for a state it made itself).)";

const std::array<std::string_view, 6> kInputTensors = {"input", "h0", "c0", "grad_output", "grad_h_n", "grad_c_n"};

struct RunOptions {
  std::string model;
  std::string input;
  std::string output;
  io::ModelLoadOptions load;
};

// The first tensor whose name ends in `suffix` ("weight_ih_l0" finds "lstm.weight_ih_l0" too).
std::optional<std::string> name_ending_in(const io::SafetensorsFile& file, std::string_view suffix) {
  for (const auto& [name, tensor] : file.tensors())
    if (name.ends_with(suffix)) return name;
  return std::nullopt;
}

// The input file holds `input` and only the tensors run reads; a model file given by mistake is named as such.
void check_input_file(const io::SafetensorsFile& file) {
  if (!file.contains("input")) {
    if (const auto weight = name_ending_in(file, "weight_ih_l0"))
      fail("{}: expected an input file, got a model file: it holds '{}' but no 'input'", file.source(), *weight);
    fail("{}: expected a tensor named 'input', the file holds {}", file.source(),
         file.tensors().empty() ? "no tensors" : fmt::format("'{}'", fmt::join(file.names(), "', '")));
  }
  for (const std::string& name : file.names())
    if (std::find(kInputTensors.begin(), kInputTensors.end(), name) == kInputTensors.end())
      fail("{}: unexpected tensor '{}', expected only input, h0, c0, grad_output, grad_h_n, grad_c_n", file.source(),
           name);
  for (const char* name : {"grad_h_n", "grad_c_n"})
    if (file.contains(name) && !file.contains("grad_output"))
      fail("{}: '{}' is given without 'grad_output', which backward needs", file.source(), name);
}

// The model file must not be an input file given by mistake (it would otherwise fail as "not a parameter").
void check_model_file(const io::SafetensorsFile& file, const io::ModelLoadOptions& options) {
  if (file.contains("input") && !name_ending_in(file, options.prefix + "weight_ih_l0"))
    fail("{}: expected a model file, got an input file: it holds 'input' but no '{}weight_ih_l0'", file.source(),
         options.prefix);
}

// INPUT's tensors in the model's dtype; an empty tensor stands for one the file does not hold.
template <typename T>
struct RunInputs {
  Tensor<T> input, h0, c0, grad_output, grad_h_n, grad_c_n;
};

template <typename T>
RunInputs<T> read_inputs(const io::SafetensorsFile& file) {
  const auto optional = [&](const char* name) { return file.contains(name) ? file.get<T>(name) : Tensor<T>(); };
  return {file.get<T>("input"),    optional("h0"),       optional("c0"),
          optional("grad_output"), optional("grad_h_n"), optional("grad_c_n")};
}

template <typename T>
const Tensor<T>* or_null(const Tensor<T>& tensor) {
  return tensor.empty() ? nullptr : &tensor;
}

template <typename T>
io::SafetensorsFile run_model(io::RecurrentModel<T>& model, const RunInputs<T>& in) {
  nn::RecurrentCache<T> cache;
  const auto out = model.layer.forward(model.params, in.input, cache, or_null(in.h0), or_null(in.c0), false);
  io::SafetensorsFile result;
  result.set("output", out.output);
  result.set("h_n", out.h_n);
  if (!out.c_n.empty()) result.set("c_n", out.c_n);
  if (in.grad_output.empty()) return result;

  model.params.zero_grad();
  const auto grads =
      model.layer.backward(model.params, cache, in.grad_output, or_null(in.grad_h_n), or_null(in.grad_c_n));
  result.set("grad_input", grads.input);
  if (!grads.h0.empty()) result.set("grad_h0", grads.h0);
  if (!grads.c0.empty()) result.set("grad_c0", grads.c0);
  for (std::size_t p = 0; p < model.params.count(); ++p) {
    const auto grad = model.params.grad(p);
    result.set("grad." + model.params.name(p),
               Tensor<T>(model.params.shape(p), std::vector<T>(grad.begin(), grad.end())));
  }
  return result;
}

template <typename T>
void run_and_write(const RunOptions& options, const io::SafetensorsFile& model_file,
                   const io::SafetensorsFile& inputs) {
  io::RecurrentModel<T> model = io::load_model<T>(model_file, options.load);
  const RunInputs<T> tensors = read_inputs<T>(inputs);
  io::SafetensorsFile result;
  try {
    result = run_model(model, tensors);
  } catch (const Error& e) {  // a shape that does not fit the model: say which file the tensor came from
    fail("{}: {}", inputs.source(), e.what());
  }
  result.write(options.output);
  fmt::print("wrote {}: output {}, h_n {}{}\n", options.output, to_string(result.at("output").shape),
             to_string(result.at("h_n").shape), result.contains("grad_input") ? " and gradients" : "");
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* command =
      app.add_subcommand("run", "Run a recurrent model file on an input file (forward; backward with grad_output)");
  command->footer(std::string(kRunDetails));
  command->add_option("model", options->model, "The model file (safetensors)")->required();
  command
      ->add_option("input", options->input, "The input file: input, optional h0, c0, grad_output, grad_h_n, grad_c_n")
      ->required();
  command->add_option("-o,--output", options->output, "The file to write (safetensors)")->required();
  command->add_option("--prefix", options->load.prefix, "Take the model's tensors under this name prefix (e.g. lstm.)");
  command->add_flag("--relu", options->load.relu, "For files without metadata: an RNN uses relu, not tanh");
  command->add_flag("--batch-first", options->load.batch_first, "For files without metadata: input is (N, T, I)");
  command->callback([options] {
    const auto model_file = io::SafetensorsFile::read(options->model);
    const auto inputs = io::SafetensorsFile::read(options->input);
    check_model_file(model_file, options->load);
    check_input_file(inputs);
    if (io::model_dtype(model_file, options->load) == io::Dtype::kF64)
      run_and_write<double>(*options, model_file, inputs);
    else
      run_and_write<float>(*options, model_file, inputs);
  });
}

}  // namespace elman::cli
