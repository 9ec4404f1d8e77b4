// `elman run` given a broken model file: each case is one line naming the file and the tensor or key, exit code 2,
// and no output file. (The format-level cases are also driven through `elman inspect` in inspect_test.cpp.)
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "cli/run_tool.hpp"
#include "elman/io/safetensors.hpp"
#include "io/temp_folder.hpp"

namespace elman {
namespace {

namespace fs = std::filesystem;
using elman::testing::run_tool;
using elman::testing::TempFolder;

// Case 000: RNN_TANH, 1 layer, input_size 1, hidden_size 4, float64; input (5, 3, 1).
const fs::path kFirstCase = fs::path(ELMAN_SOURCE_DIR) / "tests/fixtures/torch/000_rnn_tanh_l1_tm_i1h4_f64.safetensors";

struct BrokenModel {
  std::string name;
  std::function<void(io::SafetensorsFile&)> damage;  // applied to the good model before it is written
  std::string message;                               // after "elman: error: "
};
void PrintTo(const BrokenModel& broken, std::ostream* out) { *out << broken.name; }

class RunRejectsModel : public ::testing::TestWithParam<BrokenModel> {};

TEST_P(RunRejectsModel, WithExitCode2AndOneLineAndNoOutputFile) {
  const TempFolder folder;
  const auto source = io::SafetensorsFile::read(kFirstCase);
  io::SafetensorsFile model, input;
  model.metadata() = source.metadata();
  for (const char* name : {"weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"})
    model.set(name, source.get<double>(name));
  input.set("input", source.get<double>("input"));
  GetParam().damage(model);
  model.write(folder.path() / "model.safetensors");
  input.write(folder.path() / "input.safetensors");

  const auto run = run_tool({"run", "model.safetensors", "input.safetensors", "-o", "out.safetensors"}, folder.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "elman: error: " + GetParam().message + "\n");
  EXPECT_FALSE(fs::exists(folder.path() / "out.safetensors"));
}

INSTANTIATE_TEST_SUITE_P(
    BrokenModels, RunRejectsModel,
    ::testing::Values(
        BrokenModel{"MissingTensor", [](io::SafetensorsFile& m) { m.erase("bias_hh_l0"); }, "model.safetensors: missing tensor 'bias_hh_l0' of shape (4,), which the configuration in __metadata__ needs"},
        BrokenModel{"ExtraTensor",
                    [](io::SafetensorsFile& m) { m.set("weight_ih_l1", m.get<double>("weight_ih_l0")); }, "model.safetensors: extra tensor 'weight_ih_l1': not a parameter of the layer that the configuration in "
                    "__metadata__ describes"},
        BrokenModel{"MetadataContradictsShapes", [](io::SafetensorsFile& m) { m.metadata()["hidden_size"] = "5"; },
                    "model.safetensors: tensor 'weight_ih_l0' has shape (4, 1), but the configuration in __metadata__ needs "
                    "(5, 1)"},
        BrokenModel{"UnknownMode", [](io::SafetensorsFile& m) { m.metadata()["mode"] = "TRANSFORMER"; }, "model.safetensors: __metadata__ 'mode': unknown mode 'TRANSFORMER', expected RNN_TANH, RNN_RELU, LSTM or GRU"},
        BrokenModel{"WrongShape",
                    [](io::SafetensorsFile& m) { m.set("bias_ih_l0", Tensor<double>({5})); }, "model.safetensors: tensor 'bias_ih_l0' has shape (5,), but the configuration in __metadata__ needs (4,)"}),
    [](const ::testing::TestParamInfo<BrokenModel>& info) { return info.param.name; });

TEST(RunRejectsModel, ATruncatedFile) {
  const TempFolder folder;
  fs::copy_file(kFirstCase, folder.path() / "case.safetensors");
  fs::resize_file(folder.path() / "case.safetensors", fs::file_size(kFirstCase) - 4);
  const auto run = run_tool({"run", "case.safetensors", "case.safetensors", "-o", "out.safetensors"}, folder.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "elman: error: case.safetensors: tensor 'weight_ih_l0': data_offsets [912, 944] lie past the end of the "
            "data area (940 bytes)\n");
  EXPECT_FALSE(fs::exists(folder.path() / "out.safetensors"));
}

}  // namespace
}  // namespace elman
