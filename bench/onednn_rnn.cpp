// oneDNN's own RNN primitives (vanilla RNN with tanh, LSTM, and the "linear before reset" GRU that matches
// torch.nn.GRU), timed the way `elman bench` times elman: forward inference on input (T, N, I), one layer, one
// direction, float32, median of --repeat runs after --warmup. The yardstick for large shapes (docs/performance.md).
//   build/bench/onednn_rnn --mode lstm --batch 64 --steps 100 --input 512 --hidden 512 [--repeat 10] [--json]
// oneDNN runs on the OpenMP threads of the process: set OMP_NUM_THREADS=1 for one thread.
#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

using dnnl::memory;
using Tag = memory::format_tag;
using Dt = memory::data_type;

struct Options {
  std::string mode;
  long batch = 0, steps = 0, input = 0, hidden = 0;
  int repeat = 10, warmup = 2;
  bool json = false;
};

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* value = nullptr;
    if (arg == "--json") {
      o.json = true;
      continue;
    }
    if (!(value = next())) return false;
    if (arg == "--mode") o.mode = value;
    else if (arg == "--batch") o.batch = std::atol(value);
    else if (arg == "--steps") o.steps = std::atol(value);
    else if (arg == "--input") o.input = std::atol(value);
    else if (arg == "--hidden") o.hidden = std::atol(value);
    else if (arg == "--repeat") o.repeat = std::atoi(value);
    else if (arg == "--warmup") o.warmup = std::atoi(value);
    else return false;
  }
  return (o.mode == "rnn" || o.mode == "lstm" || o.mode == "gru") && o.batch > 0 && o.steps > 0 && o.input > 0 &&
         o.hidden > 0 && o.repeat > 0;
}

// Fills a plain memory with U(-0.1, 0.1).
void fill(const memory& m, std::mt19937& rng) {
  std::uniform_real_distribution<float> uniform(-0.1f, 0.1f);
  const std::size_t count = m.get_desc().get_size() / sizeof(float);
  auto* data = static_cast<float*>(m.get_data_handle());
  for (std::size_t i = 0; i < count; ++i) data[i] = uniform(rng);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, o)) {
    std::fprintf(stderr,
                 "usage: onednn_rnn --mode rnn|lstm|gru --batch N --steps T --input I --hidden H [--repeat R] "
                 "[--warmup W] [--json]\n");
    return 2;
  }
  const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  const long gates = o.mode == "rnn" ? 1 : o.mode == "lstm" ? 4 : 3;
  const long bias_gates = o.mode == "gru" ? 4 : gates;  // lbr_gru keeps b_hn apart: G + 1 bias rows
  const memory::desc src({o.steps, o.batch, o.input}, Dt::f32, Tag::tnc);
  const memory::desc dst({o.steps, o.batch, o.hidden}, Dt::f32, Tag::tnc);
  const memory::desc weights_layer({1, 1, o.input, gates, o.hidden}, Dt::f32, Tag::any);
  const memory::desc weights_iter({1, 1, o.hidden, gates, o.hidden}, Dt::f32, Tag::any);
  const memory::desc bias({1, 1, bias_gates, o.hidden}, Dt::f32, Tag::ldgo);
  const memory::desc state({1, 1, o.batch, o.hidden}, Dt::f32, Tag::ldnc);  // zero initial h (and c)
  const auto kind = dnnl::prop_kind::forward_inference;
  const auto direction = dnnl::rnn_direction::unidirectional_left2right;

  dnnl::primitive primitive;
  memory::desc wl_desc, wi_desc;
  if (o.mode == "rnn") {
    const dnnl::vanilla_rnn_forward::primitive_desc pd(
        dnnl::vanilla_rnn_forward::desc(kind, dnnl::algorithm::eltwise_tanh, direction, src, memory::desc(),
                                        weights_layer, weights_iter, bias, dst, memory::desc()),
        engine);
    primitive = dnnl::vanilla_rnn_forward(pd), wl_desc = pd.weights_layer_desc(), wi_desc = pd.weights_iter_desc();
  } else if (o.mode == "lstm") {
    const dnnl::lstm_forward::primitive_desc pd(
        dnnl::lstm_forward::desc(kind, direction, src, state, state, weights_layer, weights_iter, bias, dst,
                                 memory::desc(), memory::desc()),
        engine);
    primitive = dnnl::lstm_forward(pd), wl_desc = pd.weights_layer_desc(), wi_desc = pd.weights_iter_desc();
  } else {
    const dnnl::lbr_gru_forward::primitive_desc pd(
        dnnl::lbr_gru_forward::desc(kind, direction, src, memory::desc(), weights_layer, weights_iter, bias, dst,
                                    memory::desc()),
        engine);
    primitive = dnnl::lbr_gru_forward(pd), wl_desc = pd.weights_layer_desc(), wi_desc = pd.weights_iter_desc();
  }
  std::mt19937 rng(0);
  memory src_m(src, engine), dst_m(dst, engine), wl_m(wl_desc, engine), wi_m(wi_desc, engine),
      bias_m(bias, engine), h0_m(state, engine), c0_m(state, engine);
  std::memset(h0_m.get_data_handle(), 0, state.get_size());
  std::memset(c0_m.get_data_handle(), 0, state.get_size());
  for (const memory* m : {&src_m, &bias_m}) fill(*m, rng);
  // The weights are filled in the plain ldigo layout and reordered into the layout the primitive chose: that layout
  // may be rnn_packed, an opaque GEMM buffer whose bytes must come from oneDNN's own packing, not from fill().
  for (const auto& [plain_dims, packed] : {std::pair{memory::dims{1, 1, o.input, gates, o.hidden}, &wl_m},
                                           std::pair{memory::dims{1, 1, o.hidden, gates, o.hidden}, &wi_m}}) {
    memory plain(memory::desc(plain_dims, Dt::f32, Tag::ldigo), engine);
    fill(plain, rng);
    dnnl::reorder(plain, *packed).execute(stream, plain, *packed);
  }
  stream.wait();
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC_LAYER, src_m},
                                             {DNNL_ARG_WEIGHTS_LAYER, wl_m},
                                             {DNNL_ARG_WEIGHTS_ITER, wi_m},
                                             {DNNL_ARG_BIAS, bias_m},
                                             {DNNL_ARG_DST_LAYER, dst_m}};
  if (o.mode == "lstm") args.insert({{DNNL_ARG_SRC_ITER, h0_m}, {DNNL_ARG_SRC_ITER_C, c0_m}});
  std::vector<double> ms;
  for (int i = 0; i < o.warmup + o.repeat; ++i) {
    const auto start = std::chrono::steady_clock::now();
    primitive.execute(stream, args);
    stream.wait();
    const double elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (i >= o.warmup) ms.push_back(elapsed);
  }
  std::sort(ms.begin(), ms.end());
  const double median = ms[ms.size() / 2];
  const double gflops = 2.0 * double(o.steps * o.batch * gates * o.hidden * (o.input + o.hidden)) / (median * 1e6);
  std::printf("onednn %s B=%ld T=%ld I=%ld H=%ld float32, median of %d after %d warmup\nfwd_ms         %g\nfwd_gflops     %g\n",
              o.mode.c_str(), o.batch, o.steps, o.input, o.hidden, o.repeat, o.warmup, median, gflops);
  if (o.json) std::printf("{\"fwd_ms\": %g, \"fwd_gflops\": %g}\n", median, gflops);
  return 0;
}
