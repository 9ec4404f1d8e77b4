// elman bench: times the recurrent layers (forward, forward+backward), one training step of the forecaster
// (SequenceModel + MSE + Adam) and one-step-per-call streaming through the cell API, for the comparison
// with PyTorch (bench/compare.py). Every figure is the median of --repeat runs after --warmup untimed ones.
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"
#include "elman/core/parallel.hpp"
#include "elman/core/parameters.hpp"
#include "elman/core/random.hpp"
#include "elman/core/tensor.hpp"
#include "elman/kernels/gemm_backend.hpp"
#include "elman/nn/recurrent.hpp"
#include "elman/nn/sequence_model.hpp"
#include "elman/nn/stream.hpp"
#include "elman/train/losses.hpp"
#include "elman/train/optimizers.hpp"

namespace elman::cli {
namespace {

constexpr std::string_view kBenchDetails =
    R"(Figures: medians of --repeat runs after --warmup untimed runs (std::chrono::steady_clock)
  fwd_ms         forward in evaluation mode, input (T, N, I)
  fwd_bwd_ms     forward, then backward with every gradient (input, parameters)
  fwd_gflops     the forward's GEMM flops / fwd time, counting 2*T*N*G*H*(I_l + H) per layer and direction,
                 G = 1 (rnn), 4 (lstm), 3 (gru), I_l = I for layer 0 and D*H above it (pointwise work not counted)
  train_step_ms  with --head K: one step of the forecaster (recurrent stack + Linear head on the last step):
                 forward, MSE loss against K targets, backward, Adam update; input (N, T, I)
  ns_per_step    with --stream: one nn::Streamer::step call per time step over T steps at batch 1
                 (--layers applies, --bidirectional does not: streaming is unidirectional), total time / T
  peak_rss_mib   the process's peak resident memory (Linux VmHWM) after all of the above, in MiB
--threads N: the GEMMs of at least 2^17 multiply-adds run on N threads (oneDNN's OpenMP); smaller products, the
pointwise passes and the float64 GEMM run on the calling thread. Default: every core.
With --json the last line of output is one JSON object holding the figures and the configuration.)";

struct BenchOptions {
  std::string mode;
  std::int64_t batch = 0;
  std::int64_t steps = 0;
  std::int64_t input = 0;
  std::int64_t hidden = 0;
  std::int64_t layers = 1;
  bool bidirectional = false;
  std::int64_t threads = std::int64_t(usable_cores());
  std::int64_t repeat = 10;
  std::int64_t warmup = 2;
  std::string dtype = "float32";
  bool json = false;
  std::int64_t head = 0;
  std::string optimizer = "adam";
  bool stream = false;
  std::uint64_t seed = 0;
};

nn::Mode bench_mode(const std::string& mode) {
  if (mode == "rnn") return nn::Mode::RnnTanh;
  if (mode == "lstm") return nn::Mode::Lstm;
  if (mode == "gru") return nn::Mode::Gru;
  fail("--mode: expected rnn, lstm or gru, got '{}'", mode);
}

constexpr double kMaxTensorValues = 4e9;  // 16 GB of float32

void require_positive(std::string_view option, std::int64_t value) {
  if (value <= 0) fail("{}: expected a positive integer, got {}", option, value);
}

void validate(const BenchOptions& o) {
  bench_mode(o.mode);
  require_positive("--batch", o.batch);
  require_positive("--steps", o.steps);
  require_positive("--input", o.input);
  require_positive("--hidden", o.hidden);
  require_positive("--layers", o.layers);
  require_positive("--threads", o.threads);
  if (o.threads > 1024) fail("--threads: expected at most 1024, got {}", o.threads);
  require_positive("--repeat", o.repeat);
  if (o.warmup < 0) fail("--warmup: expected 0 or a positive integer, got {}", o.warmup);
  if (o.head < 0) fail("--head: expected 0 (no training step) or a positive integer, got {}", o.head);
  if (o.optimizer != "adam") fail("--optimizer: expected 'adam', got '{}'", o.optimizer);
  if (o.dtype != "float32" && o.dtype != "float64")
    fail("--dtype: expected float32 or float64, got '{}'", o.dtype);
  // The largest tensor (in doubles, so no product overflows): the input, the gates' workspace, the weights, the head.
  const double batch = double(o.batch), steps = double(o.steps), input = double(o.input), hidden = double(o.hidden);
  const double gates = 4.0 * hidden * (o.bidirectional ? 2.0 : 1.0);
  const double largest = std::max(
      {steps * batch * std::max(input, gates), gates * (std::max(input, hidden) + hidden), batch * double(o.head)});
  if (largest > kMaxTensorValues)
    fail(
        "--batch, --steps, --input, --hidden, --head: the largest tensor would hold {:.3g} values: expected at most "
        "{:.0e}",
        largest, kMaxTensorValues);
}

nn::RecurrentConfig recurrent_config(const BenchOptions& o) {
  nn::RecurrentConfig config;
  config.mode = bench_mode(o.mode);
  config.input_size = o.input;
  config.hidden_size = o.hidden;
  config.num_layers = o.layers;
  config.bidirectional = o.bidirectional;
  return config;
}

// The forward's GEMM flops: per layer-direction, the input projection (T*N, I_l) x (I_l, G*H) and the recurrent
// (N, H) x (H, G*H) at every step, 2 flops per multiply-add.
double forward_flops(const BenchOptions& o) {
  const nn::RecurrentConfig config = recurrent_config(o);
  const double gates = double(config.gate_count());
  double flops = 0;
  for (std::int64_t layer = 0; layer < o.layers; ++layer) {
    const double layer_input = layer == 0 ? double(o.input) : double(config.directions() * o.hidden);
    flops += double(config.directions()) * 2.0 * double(o.steps) * double(o.batch) * gates * double(o.hidden) *
             (layer_input + double(o.hidden));
  }
  return flops;
}

// The median wall time of `run` in milliseconds, over `repeat` timed calls after `warmup` untimed ones.
template <typename Run>
double median_ms(const BenchOptions& o, Run&& run) {
  for (std::int64_t i = 0; i < o.warmup; ++i) run();
  std::vector<double> times;
  for (std::int64_t i = 0; i < o.repeat; ++i) {
    const auto start = std::chrono::steady_clock::now();
    run();
    times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  const std::size_t mid = times.size() / 2;
  return times.size() % 2 == 1 ? times[mid] : 0.5 * (times[mid - 1] + times[mid]);
}

template <typename T>
Tensor<T> uniform_tensor(Shape shape, Rng& rng) {
  Tensor<T> tensor(std::move(shape));
  for (T& value : tensor.span()) value = T(rng.uniform(-1.0, 1.0));
  return tensor;
}

struct LayerTimes {
  double fwd_ms = 0;
  double fwd_bwd_ms = 0;
};

template <typename T>
LayerTimes time_layer(const BenchOptions& o) {
  Parameters<T> params;
  const nn::Recurrent<T> layer(recurrent_config(o), params);
  Rng rng(o.seed);
  layer.reset_parameters(params, rng);
  const Tensor<T> input = uniform_tensor<T>({o.steps, o.batch, o.input}, rng);
  const Tensor<T> grad_output = uniform_tensor<T>({o.steps, o.batch, layer.config().directions() * o.hidden}, rng);
  nn::RecurrentCache<T> cache;
  LayerTimes times;
  times.fwd_ms = median_ms(o, [&] { layer.forward(params, input, cache); });
  times.fwd_bwd_ms = median_ms(o, [&] {
    params.zero_grad();
    layer.forward(params, input, cache, nullptr, nullptr, true);
    layer.backward(params, cache, grad_output);
  });
  return times;
}

template <typename T>
double time_train_step(const BenchOptions& o) {
  nn::SequenceModelConfig config;
  config.rnn = recurrent_config(o);
  config.rnn.batch_first = true;
  config.output_size = o.head;
  nn::SequenceModel<T> model(config);
  model.reset_parameters(o.seed);
  Rng rng(o.seed + 1);
  const Tensor<T> input = uniform_tensor<T>({o.batch, o.steps, o.input}, rng);
  const Tensor<T> target = uniform_tensor<T>({o.batch, o.head}, rng);
  train::Adam<T> adam(train::AdamOptions{});
  nn::SequenceModelCache<T> cache;
  Tensor<T> grad({o.batch, o.head});
  return median_ms(o, [&] {
    model.zero_grad();
    const Tensor<T> predictions = model.forward(input, cache, true, &rng);
    train::mse_loss<T>(predictions.span(), target.span(), grad.span());
    model.backward(cache, grad);
    adam.step(model.parameters());
  });
}

// One Streamer::step per time step at batch 1 over T steps from a zero state; returns ns per step. A bidirectional
// stack cannot stream (its reverse direction reads future steps), so --bidirectional does not apply here.
template <typename T>
double time_stream(const BenchOptions& o) {
  nn::RecurrentConfig config = recurrent_config(o);
  config.bidirectional = false;
  Parameters<T> params;
  const nn::Recurrent<T> layer(config, params);
  Rng rng(o.seed);
  layer.reset_parameters(params, rng);
  const Tensor<T> inputs = uniform_tensor<T>({o.steps, o.input}, rng);
  nn::Streamer<T> streamer(layer, params);
  const double ms = median_ms(o, [&] {
    streamer.reset();
    for (std::int64_t t = 0; t < o.steps; ++t)
      streamer.step(inputs.span().subspan(std::size_t(t * o.input), std::size_t(o.input)))[0];
  });
  return ms * 1e6 / double(o.steps);
}

// The process's peak resident memory so far (Linux's VmHWM, which starts afresh at exec), in MiB; -1 where
// /proc/self/status is not readable.
double peak_rss_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with("VmHWM:")) return std::stod(line.substr(6)) / 1024.0;  // "VmHWM:   123456 kB"
  return -1.0;
}

template <typename T>
nlohmann::ordered_json measure(const BenchOptions& o) {
  const LayerTimes layer = time_layer<T>(o);
  nlohmann::ordered_json result = {{"fwd_ms", layer.fwd_ms},
                                   {"fwd_bwd_ms", layer.fwd_bwd_ms},
                                   {"fwd_gflops", forward_flops(o) / (layer.fwd_ms * 1e6)}};
  if (o.head > 0) result["train_step_ms"] = time_train_step<T>(o);
  if (o.stream) result["ns_per_step"] = time_stream<T>(o);
  if (const double peak = peak_rss_mib(); peak >= 0) result["peak_rss_mib"] = peak;
  return result;
}

nlohmann::ordered_json configuration(const BenchOptions& o) {
  nlohmann::ordered_json config = {{"mode", o.mode},
                                   {"batch", o.batch},
                                   {"steps", o.steps},
                                   {"input", o.input},
                                   {"hidden", o.hidden},
                                   {"layers", o.layers},
                                   {"bidirectional", o.bidirectional},
                                   {"dtype", o.dtype},
                                   {"threads", o.threads},
                                   {"repeat", o.repeat},
                                   {"warmup", o.warmup}};
  if (o.head > 0) {
    config["head"] = o.head;
    config["optimizer"] = o.optimizer;
  }
  if (o.stream) config["stream"] = true;
  return config;
}

void print_report(const BenchOptions& o, const nlohmann::ordered_json& figures) {
  fmt::print("{} B={} T={} I={} H={} layers={}{} {} threads={}, median of {} after {} warmup\n", o.mode,
             o.batch, o.steps, o.input, o.hidden, o.layers, o.bidirectional ? " bidirectional" : "", o.dtype,
             o.threads, o.repeat, o.warmup);
  for (const auto& [name, value] : figures.items()) fmt::print("{:<14} {:.6g}\n", name, value.get<double>());
}

void run_bench(const BenchOptions& o) {
  validate(o);
  kernels::set_gemm_threads(static_cast<int>(o.threads));
  nlohmann::ordered_json figures = o.dtype == "float64" ? measure<double>(o) : measure<float>(o);
  if (!o.json) return print_report(o, figures);
  figures.update(configuration(o));
  fmt::print("{}\n", figures.dump());
}

}  // namespace

void add_bench_command(CLI::App& app) {
  auto options = std::make_shared<BenchOptions>();
  CLI::App* command = app.add_subcommand("bench", "Time forward, forward+backward, a training step and streaming");
  command->footer(std::string(kBenchDetails));
  command->add_option("--mode", options->mode, "rnn (tanh), lstm or gru")->required();
  command->add_option("--batch", options->batch, "Batch size N")->required();
  command->add_option("--steps", options->steps, "Time steps T")->required();
  command->add_option("--input", options->input, "Input features I")->required();
  command->add_option("--hidden", options->hidden, "Hidden size H")->required();
  command->add_option("--layers", options->layers, "Stacked layers");
  command->add_flag("--bidirectional", options->bidirectional, "Two directions per layer");
  command->add_option("--threads", options->threads, "Threads for the large GEMMs (default: every core)");
  command->add_option("--repeat", options->repeat, "Timed runs per figure (the median is reported)");
  command->add_option("--warmup", options->warmup, "Untimed runs before the timed ones");
  command->add_option("--dtype", options->dtype, "float32 or float64");
  command->add_flag("--json", options->json, "End with one JSON line: the figures and the configuration");
  command->add_option("--head", options->head, "K > 0: also time a training step with a K-output head");
  command->add_option("--optimizer", options->optimizer, "The training step's optimizer (adam)");
  command->add_flag("--stream", options->stream, "Also time one Streamer::step call per step at batch 1 (ns_per_step)");
  command->add_option("--seed", options->seed, "Seed of the parameters and the random inputs");
  command->callback([options] { run_bench(*options); });
}

}  // namespace elman::cli
