// `elman run` and `elman init`, driven as a user runs them: every committed PyTorch case (tests/fixtures/torch)
// split into a model file and an input file, run through build/elman, compared with torch's numbers; bad inputs
// each get exit code 2, one line naming the tensor, and no output file.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "cli/run_tool.hpp"
#include "elman/io/model_file.hpp"
#include "elman/io/safetensors.hpp"
#include "io/temp_folder.hpp"

namespace elman {
namespace {

namespace fs = std::filesystem;
using elman::testing::run_tool;
using elman::testing::TempFolder;

constexpr int kBadInput = 2;
const fs::path kCases = fs::path(ELMAN_SOURCE_DIR) / "tests/fixtures/torch";
const fs::path kFirstCase = kCases / "000_rnn_tanh_l1_tm_i1h4_f64.safetensors";
const std::vector<std::string> kInputNames = {"input", "h0", "c0", "grad_output", "grad_h_n", "grad_c_n"};
const std::vector<std::string> kExpectedNames = {"output", "h_n", "c_n", "grad_input", "grad_h0", "grad_c0"};

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}
bool is_expected(const std::string& name) { return name.starts_with("grad.") || contains(kExpectedNames, name); }

// Splits a parity case (make_torch_cases.py) into MODEL (state_dict + metadata) and INPUT files, as a user has them.
void split_case(const io::SafetensorsFile& source, const fs::path& model, const fs::path& input) {
  io::SafetensorsFile model_file, input_file;
  model_file.metadata() = source.metadata();
  for (const auto& [name, tensor] : source.tensors()) {
    if (contains(kInputNames, name))
      input_file.set_raw(name, tensor.dtype, tensor.shape, tensor.bytes);
    else if (!is_expected(name))
      model_file.set_raw(name, tensor.dtype, tensor.shape, tensor.bytes);
  }
  model_file.write(model);
  input_file.write(input);
}

std::set<std::string> names_of(const io::SafetensorsFile& file) {
  const auto names = file.names();
  return {names.begin(), names.end()};
}

// Every expected tensor of `expected` (and no other) in `got`, in its dtype and shape, within the parity tolerances:
// float64 rtol 1e-9 / atol 1e-10, float32 rtol 1e-4 / atol 1e-5.
void expect_matches_torch(const io::SafetensorsFile& expected, const io::SafetensorsFile& got) {
  std::set<std::string> wanted;
  for (const auto& [name, tensor] : expected.tensors())
    if (is_expected(name)) wanted.insert(name);
  EXPECT_EQ(names_of(got), wanted);
  for (const std::string& name : wanted) {
    if (!got.contains(name)) continue;
    const bool f64 = expected.at(name).dtype == io::Dtype::kF64;
    const double rtol = f64 ? 1e-9 : 1e-4, atol = f64 ? 1e-10 : 1e-5;
    EXPECT_EQ(dtype_name(got.at(name).dtype), dtype_name(expected.at(name).dtype)) << name;
    const Tensor<double> want = expected.get<double>(name), have = got.get<double>(name);
    ASSERT_EQ(to_string(have.shape()), to_string(want.shape())) << name;
    for (std::int64_t i = 0; i < want.numel(); ++i)
      ASSERT_LE(std::abs(have[i] - want[i]), atol + rtol * std::abs(want[i]))
          << name << "[" << i << "]: elman " << have[i] << ", torch " << want[i];
  }
}

std::vector<std::string> committed_cases() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kCases))
    if (entry.path().extension() == ".safetensors") names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

class RunMatchesPyTorch : public ::testing::TestWithParam<std::string> {};

TEST_P(RunMatchesPyTorch, OnTheCommittedCase) {
  const TempFolder folder;
  const auto source = io::SafetensorsFile::read(kCases / GetParam());
  split_case(source, folder.path() / "model.safetensors", folder.path() / "input.safetensors");
  const auto run = run_tool({"run", "model.safetensors", "input.safetensors", "-o", "out.safetensors"}, folder.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  expect_matches_torch(source, io::SafetensorsFile::read(folder.path() / "out.safetensors"));
}

INSTANTIATE_TEST_SUITE_P(TorchCases, RunMatchesPyTorch, ::testing::ValuesIn(committed_cases()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return "case_" + fs::path(info.param).stem().string();
                         });

TEST(RunCommand, HasAtLeastOneHundredCommittedPyTorchCases) { EXPECT_GE(committed_cases().size(), 100u); }

// ---- forward only, dtype conversion -----------------------------------------------------------------------------

TEST(RunCommand, WithoutGradOutputWritesOnlyTheForwardResults) {
  const TempFolder folder;
  const auto source = io::SafetensorsFile::read(kFirstCase);
  split_case(source, folder.path() / "model.safetensors", folder.path() / "input.safetensors");
  io::SafetensorsFile input;
  input.set("input", source.get<double>("input"));
  input.write(folder.path() / "input.safetensors");
  const auto run = run_tool({"run", "model.safetensors", "input.safetensors", "-o", "out.safetensors"}, folder.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto out = io::SafetensorsFile::read(folder.path() / "out.safetensors");
  EXPECT_EQ(names_of(out), (std::set<std::string>{"h_n", "output"}));
  EXPECT_EQ(run.out, "wrote out.safetensors: output (5, 1, 4), h_n (1, 1, 4)\n");
}

TEST(RunCommand, ConvertsFloat32InputsToAFloat64Model) {
  const TempFolder folder;
  const auto source = io::SafetensorsFile::read(kFirstCase);
  split_case(source, folder.path() / "model.safetensors", folder.path() / "input.safetensors");
  io::SafetensorsFile input;
  input.set("input", source.get<float>("input"));
  input.write(folder.path() / "input.safetensors");
  const auto run = run_tool({"run", "model.safetensors", "input.safetensors", "-o", "out.safetensors"}, folder.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto out = io::SafetensorsFile::read(folder.path() / "out.safetensors");
  EXPECT_EQ(out.at("output").dtype, io::Dtype::kF64);
  EXPECT_EQ(out.at("output").shape, source.at("output").shape);
}

// ---- bad input: exit code 2, one line, no output file -------------------------------------------------------------

struct BadRun {
  std::string name;
  std::vector<std::pair<std::string, Shape>> input;  // the input file's tensors (zeros), replacing the case's
  std::string message;                               // after "elman: error: "
};

void PrintTo(const BadRun& bad, std::ostream* out) { *out << bad.name; }

class RunRejects : public ::testing::TestWithParam<BadRun> {};

// The model is case 000: RNN_TANH, 1 layer, input_size 1, hidden_size 4, float64, time-major; input (5, 3, 1).
TEST_P(RunRejects, WithExitCode2AndOneLineAndNoOutputFile) {
  const TempFolder folder;
  split_case(io::SafetensorsFile::read(kFirstCase), folder.path() / "model.safetensors",
             folder.path() / "case_input.safetensors");
  io::SafetensorsFile input;
  for (const auto& [name, shape] : GetParam().input) input.set(name, Tensor<double>(shape));
  input.write(folder.path() / "input.safetensors");
  const auto run = run_tool({"run", "model.safetensors", "input.safetensors", "-o", "out.safetensors"}, folder.path());
  EXPECT_EQ(run.exit_code, kBadInput);
  EXPECT_EQ(run.err, "elman: error: " + GetParam().message + "\n");
  EXPECT_EQ(run.out, "");
  EXPECT_FALSE(fs::exists(folder.path() / "out.safetensors"));
}

INSTANTIATE_TEST_SUITE_P(
    BadInputs, RunRejects,
    ::testing::Values(
        BadRun{"NoInputTensor",
               {{"h0", {1, 3, 4}}},
               "input.safetensors: expected a tensor named 'input', the file holds 'h0'"},
        BadRun{
            "UnknownTensor",
            {{"input", {5, 3, 1}}, {"h_0", {1, 3, 4}}},
            "input.safetensors: unexpected tensor 'h_0', expected only input, h0, c0, grad_output, grad_h_n, grad_c_n"},
        BadRun{"WrongFeatureSize",
               {{"input", {5, 3, 2}}},
               "input.safetensors: input: expected input_size 1 in the last dimension, got shape (5, 3, 2)"},
        BadRun{
            "FourDimensionalInput",
            {{"input", {5, 3, 1, 1}}},
            "input.safetensors: input: expected a 2-D (unbatched) or 3-D (batched) tensor, got a 4-D tensor of shape "
            "(5, 3, 1, 1)"},
        BadRun{"WrongH0Batch",
               {{"input", {5, 3, 1}}, {"h0", {1, 2, 4}}},
               "input.safetensors: h0: expected hidden size (1, 3, 4), got (1, 2, 4)"},
        BadRun{"CellStateForAnRnn",
               {{"input", {5, 3, 1}}, {"c0", {1, 3, 4}}},
               "input.safetensors: c0: only LSTM has a cell state, this layer is RNN_TANH"},
        BadRun{"WrongGradOutput",
               {{"input", {5, 3, 1}}, {"grad_output", {5, 3, 5}}},
               "input.safetensors: grad_output: expected shape (5, 3, 4) (as output), got (5, 3, 5)"},
        BadRun{"WrongGradHN",
               {{"input", {5, 3, 1}}, {"grad_output", {5, 3, 4}}, {"grad_h_n", {3, 4}}},
               "input.safetensors: grad_h_n: for batched 3-D input, expected a 3-D tensor, got a 2-D tensor of shape "
               "(3, 4)"},
        BadRun{"GradHNWithoutGradOutput",
               {{"input", {5, 3, 1}}, {"grad_h_n", {1, 3, 4}}},
               "input.safetensors: 'grad_h_n' is given without 'grad_output', which backward needs"}),
    [](const ::testing::TestParamInfo<BadRun>& info) { return info.param.name; });

TEST(RunCommand, RejectsAModelFileGivenAsTheInputFile) {
  const TempFolder folder;
  split_case(io::SafetensorsFile::read(kFirstCase), folder.path() / "model.safetensors",
             folder.path() / "input.safetensors");
  const auto run = run_tool({"run", "model.safetensors", "model.safetensors", "-o", "out.safetensors"}, folder.path());
  EXPECT_EQ(run.exit_code, kBadInput);
  EXPECT_EQ(run.err,
            "elman: error: model.safetensors: expected an input file, got a model file: it holds 'weight_ih_l0' but "
            "no 'input'\n");
  EXPECT_FALSE(fs::exists(folder.path() / "out.safetensors"));
}

TEST(RunCommand, RejectsAnInputFileGivenAsTheModelFile) {
  const TempFolder folder;
  split_case(io::SafetensorsFile::read(kFirstCase), folder.path() / "model.safetensors",
             folder.path() / "input.safetensors");
  const auto run = run_tool({"run", "input.safetensors", "input.safetensors", "-o", "out.safetensors"}, folder.path());
  EXPECT_EQ(run.exit_code, kBadInput);
  EXPECT_EQ(run.err,
            "elman: error: input.safetensors: expected a model file, got an input file: it holds 'input' but no "
            "'weight_ih_l0'\n");
  EXPECT_FALSE(fs::exists(folder.path() / "out.safetensors"));
}

TEST(RunCommand, RejectsAnIntegerInputTensor) {
  const TempFolder folder;
  split_case(io::SafetensorsFile::read(kFirstCase), folder.path() / "model.safetensors",
             folder.path() / "case_input.safetensors");
  io::SafetensorsFile input;
  input.set_raw("input", io::Dtype::kI64, {5, 1, 1}, std::vector<std::byte>(40));
  input.write(folder.path() / "input.safetensors");
  const auto run = run_tool({"run", "model.safetensors", "input.safetensors", "-o", "out.safetensors"}, folder.path());
  EXPECT_EQ(run.exit_code, kBadInput);
  EXPECT_EQ(run.err,
            "elman: error: input.safetensors: tensor 'input' has dtype I64, expected a float tensor (F32, F64, F16 or "
            "BF16)\n");
  EXPECT_FALSE(fs::exists(folder.path() / "out.safetensors"));
}

TEST(RunCommand, NamesTheMissingModelFile) {
  const TempFolder folder;
  const auto run = run_tool({"run", "absent.safetensors", "input.safetensors", "-o", "out.safetensors"}, folder.path());
  EXPECT_EQ(run.exit_code, kBadInput);
  EXPECT_TRUE(run.err.starts_with("elman: error: absent.safetensors")) << run.err;
  EXPECT_FALSE(fs::exists(folder.path() / "out.safetensors"));
}

// ---- PyTorch state_dicts without metadata ---------------------------------------------------------------------------

// state_dicts saved by PyTorch without metadata (make_torch_cases.py write_state_dict_models): the configuration
// comes from the names and shapes, relu and batch_first from flags, and --prefix picks the GRU out of a whole model.
TEST(RunCommand, RunsPyTorchStateDictsWithoutMetadata) {
  const fs::path models = fs::path(ELMAN_SOURCE_DIR) / "tests/fixtures/torch_models";
  const TempFolder folder;
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"lstm_plain", {}},
      {"rnn_relu", {"--relu", "--batch-first"}},
      {"forecaster_gru", {"--prefix", "rnn.", "--batch-first"}}};
  for (const auto& [name, flags] : cases) {
    SCOPED_TRACE(name);
    std::vector<std::string> args = {"run", (models / (name + ".safetensors")).string(),
                                     (models / (name + "_input.safetensors")).string(), "-o", "out.safetensors"};
    args.insert(args.end(), flags.begin(), flags.end());
    const auto run = run_tool(args, folder.path());
    ASSERT_EQ(run.exit_code, 0) << run.err;
    expect_matches_torch(io::SafetensorsFile::read(models / (name + "_expected.safetensors")),
                         io::SafetensorsFile::read(folder.path() / "out.safetensors"));
  }
}

// ---- elman init
// -------------------------------------------------------------------------------------------------------

const std::vector<std::string> kInitLstm = {"init",        "--mode",
                                            "lstm",        "--input-size",
                                            "2",           "--hidden-size",
                                            "3",           "--num-layers",
                                            "2",           "--bidirectional",
                                            "--proj-size", "1",
                                            "--seed",      "4",
                                            "-o",          "a.safetensors"};

TEST(InitCommand, WritesAModelThatLoadModelReadsWithTheRequestedShapes) {
  const TempFolder folder;
  const auto run = run_tool(kInitLstm, folder.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "wrote a.safetensors: LSTM with 252 parameters in 20 tensors\n");
  const auto model = io::load_model<float>(folder.path() / "a.safetensors");
  EXPECT_EQ(model.config.mode, nn::Mode::Lstm);
  EXPECT_EQ(model.config.input_size, 2);
  EXPECT_EQ(model.config.hidden_size, 3);
  EXPECT_EQ(model.config.num_layers, 2);
  EXPECT_TRUE(model.config.bidirectional);
  EXPECT_EQ(model.config.proj_size, 1);
  EXPECT_TRUE(model.config.bias);
  EXPECT_FALSE(model.config.batch_first);
  const auto file = io::SafetensorsFile::read(folder.path() / "a.safetensors");
  EXPECT_EQ(file.at("weight_ih_l0").shape, (Shape{12, 2}));
  EXPECT_EQ(file.at("weight_hh_l0").shape, (Shape{12, 1}));
  EXPECT_EQ(file.at("weight_ih_l1_reverse").shape, (Shape{12, 2}));
  EXPECT_EQ(file.at("weight_hr_l1_reverse").shape, (Shape{1, 3}));
  EXPECT_EQ(file.at("bias_hh_l1").shape, (Shape{12}));
  EXPECT_EQ(file.at("weight_ih_l1").dtype, io::Dtype::kF32);
  EXPECT_EQ(file.metadata().at("mode"), "LSTM");
}

// torch's reset_parameters: every parameter from U(-1/√H, 1/√H); spread over the range, not all zeros.
TEST(InitCommand, DrawsEveryParameterFromTorchsUniformRange) {
  const TempFolder folder;
  ASSERT_EQ(run_tool({"init", "--mode", "gru", "--input-size", "3", "--hidden-size", "16", "--dtype", "float64",
                      "--seed", "1", "-o", "g.safetensors"},
                     folder.path())
                .exit_code,
            0);
  const auto file = io::SafetensorsFile::read(folder.path() / "g.safetensors");
  EXPECT_EQ(file.at("weight_hh_l0").dtype, io::Dtype::kF64);
  const Tensor<double> w = file.get<double>("weight_hh_l0");  // (48, 16)
  const double bound = 1 / std::sqrt(16.0);
  double low = 1, high = -1;
  for (double x : w.span()) {
    low = std::min(low, x);
    high = std::max(high, x);
  }
  EXPECT_GE(low, -bound);
  EXPECT_LE(high, bound);
  EXPECT_LT(low, -0.9 * bound);
  EXPECT_GT(high, 0.9 * bound);
}

TEST(InitCommand, SameSeedSameFileAndAnotherSeedAnotherModel) {
  const TempFolder folder;
  auto b = kInitLstm, c = kInitLstm;
  b.back() = "b.safetensors";
  c.back() = "c.safetensors";
  c[c.size() - 3] = "5";  // --seed 5
  for (const auto& args : {kInitLstm, b, c}) ASSERT_EQ(run_tool(args, folder.path()).exit_code, 0);
  const auto a_file = io::SafetensorsFile::read(folder.path() / "a.safetensors");
  EXPECT_EQ(a_file.serialize(), io::SafetensorsFile::read(folder.path() / "b.safetensors").serialize());
  EXPECT_NE(a_file.serialize(), io::SafetensorsFile::read(folder.path() / "c.safetensors").serialize());
}

TEST(InitCommand, ThenRunGivesTorchShapedOutputs) {
  const TempFolder folder;
  ASSERT_EQ(run_tool(kInitLstm, folder.path()).exit_code, 0);
  io::SafetensorsFile input;
  input.set("input", Tensor<float>({4, 2}, 0.5f));  // unbatched (T, I)
  input.set("grad_output", Tensor<float>({4, 2}, 1.0f));
  input.write(folder.path() / "input.safetensors");
  const auto run = run_tool({"run", "a.safetensors", "input.safetensors", "-o", "out.safetensors"}, folder.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto out = io::SafetensorsFile::read(folder.path() / "out.safetensors");
  EXPECT_EQ(out.at("output").shape, (Shape{4, 2}));
  EXPECT_EQ(out.at("h_n").shape, (Shape{4, 1}));
  EXPECT_EQ(out.at("c_n").shape, (Shape{4, 3}));
  EXPECT_EQ(out.at("grad_input").shape, (Shape{4, 2}));
  EXPECT_EQ(out.at("grad.weight_hr_l1_reverse").shape, (Shape{1, 3}));
  EXPECT_FALSE(out.contains("grad_h0"));  // no h0 given: torch has no gradient for it either
  EXPECT_EQ(out.at("output").dtype, io::Dtype::kF32);
}

TEST(InitCommand, RejectsAnUnknownModeWithExitCode2AndNoFile) {
  const TempFolder folder;
  const auto run = run_tool({"init", "--mode", "transformer", "--input-size", "1", "--hidden-size", "2", "--seed", "0",
                             "-o", "m.safetensors"},
                            folder.path());
  EXPECT_EQ(run.exit_code, kBadInput);
  EXPECT_EQ(run.err, "elman: error: mode: expected one of RNN_TANH, RNN_RELU, LSTM, GRU, got 'transformer'\n");
  EXPECT_FALSE(fs::exists(folder.path() / "m.safetensors"));
}

TEST(InitCommand, RejectsAProjectionForAGru) {
  const TempFolder folder;
  const auto run = run_tool({"init", "--mode", "gru", "--input-size", "1", "--hidden-size", "2", "--proj-size", "1",
                             "--seed", "0", "-o", "m.safetensors"},
                            folder.path());
  EXPECT_EQ(run.exit_code, kBadInput);
  EXPECT_EQ(run.err, "elman: error: proj_size: only LSTM supports a projection, got proj_size 1 for mode GRU\n");
  EXPECT_FALSE(fs::exists(folder.path() / "m.safetensors"));
}

// make_torch_cases.py --check-run loads the model into torch.nn.LSTM with load_state_dict(strict=True) and compares
// its outputs with elman's. Needs Debian's python3-torch, so it is skipped where that is missing (CI).
TEST(InitCommand, WritesAModelThatPyTorchLoadsAndAgreesWith) {
  if (std::system("/usr/bin/python3 -c 'import torch' > /dev/null 2>&1") != 0) GTEST_SKIP() << "no torch";
  const TempFolder folder;
  ASSERT_EQ(run_tool({"init", "--mode", "lstm", "--input-size", "2", "--hidden-size", "5", "--num-layers", "2",
                      "--bidirectional", "--proj-size", "3", "--seed", "1", "-o", "model.safetensors"},
                     folder.path())
                .exit_code,
            0);
  io::SafetensorsFile input;
  Tensor<float> x({4, 3, 2});
  for (std::int64_t i = 0; i < x.numel(); ++i) x[i] = std::sin(float(i));
  input.set("input", x);
  input.write(folder.path() / "input.safetensors");
  ASSERT_EQ(
      run_tool({"run", "model.safetensors", "input.safetensors", "-o", "out.safetensors"}, folder.path()).exit_code, 0);
  const fs::path script = fs::path(ELMAN_SOURCE_DIR) / "tests/fixtures/make_torch_cases.py";
  const auto check =
      run_tool({script.string(), "--check-run", "model.safetensors", "input.safetensors", "out.safetensors"},
               folder.path(), "/usr/bin/python3");
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_EQ(check.out, "elman's outputs match torch\n");
}

}  // namespace
}  // namespace elman
