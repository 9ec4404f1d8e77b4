#include "elman/io/model_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <utility>

#include "elman/core/error.hpp"
#include "elman/core/random.hpp"
#include "io/temp_folder.hpp"

namespace elman::io {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(ELMAN_SOURCE_DIR) / "tests" / "fixtures" / "safetensors";

nn::RecurrentConfig lstm_config() {
  nn::RecurrentConfig config;
  config.mode = nn::Mode::Lstm;
  config.input_size = 2;
  config.hidden_size = 5;
  config.num_layers = 2;
  config.bidirectional = true;
  config.proj_size = 3;
  config.dropout = 0.25;
  return config;
}

// A file with zero-valued tensors of a layer built from `config`, and its metadata when `with_metadata`.
SafetensorsFile file_for(const nn::RecurrentConfig& config, bool with_metadata = true, const std::string& prefix = "") {
  Parameters<float> params;
  nn::Recurrent<float> layer(config, params, prefix);
  SafetensorsFile file = model_to_safetensors(config, params);
  if (!with_metadata) file.metadata().clear();
  return SafetensorsFile::parse(file.serialize(), "model.safetensors");
}

std::string load_error(const SafetensorsFile& file, const ModelLoadOptions& options = {}) {
  try {
    load_model<float>(file, options);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

void expect_same_config(const nn::RecurrentConfig& got, const nn::RecurrentConfig& want) {
  EXPECT_EQ(got.mode, want.mode);
  EXPECT_EQ(got.input_size, want.input_size);
  EXPECT_EQ(got.hidden_size, want.hidden_size);
  EXPECT_EQ(got.num_layers, want.num_layers);
  EXPECT_EQ(got.bias, want.bias);
  EXPECT_EQ(got.batch_first, want.batch_first);
  EXPECT_EQ(got.bidirectional, want.bidirectional);
  EXPECT_EQ(got.proj_size, want.proj_size);
  EXPECT_EQ(got.dropout, want.dropout);
}

TEST(ModelFile, WritesTheConfigurationAsMetadataStrings) {
  EXPECT_EQ(config_to_metadata(lstm_config()), (Metadata{{"mode", "LSTM"},
                                                         {"input_size", "2"},
                                                         {"hidden_size", "5"},
                                                         {"num_layers", "2"},
                                                         {"bias", "true"},
                                                         {"batch_first", "false"},
                                                         {"bidirectional", "true"},
                                                         {"proj_size", "3"},
                                                         {"dropout", "0.25"}}));
}

TEST(ModelFile, RoundTripsAModelWithItsConfiguration) {
  auto config = lstm_config();
  config.batch_first = true;
  Parameters<double> params;
  const nn::Recurrent<double> layer(config, params);
  Rng rng(7);
  layer.reset_parameters(params, rng);
  const elman::testing::TempFolder scratch;
  const fs::path path = scratch.path() / "model.safetensors";
  save_model(path, config, params);

  const auto model = load_model<double>(path);
  expect_same_config(model.config, config);
  ASSERT_EQ(model.params.count(), params.count());
  for (std::size_t i = 0; i < params.count(); ++i) {
    EXPECT_EQ(model.params.name(i), params.name(i));
    const auto a = model.params.value(i);
    const auto b = std::as_const(params).value(i);
    EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end())) << params.name(i);
  }
  EXPECT_EQ(model_dtype(SafetensorsFile::read(path)), Dtype::kF64);
}

TEST(ModelFile, InfersAnLstmWithProjectionFromAPlainPyTorchStateDict) {
  const auto file = SafetensorsFile::read(kFixtures / "torch_lstm_plain.safetensors");
  const auto model = load_model<float>(file);
  nn::RecurrentConfig want;
  want.mode = nn::Mode::Lstm;
  want.input_size = 3;
  want.hidden_size = 5;
  want.num_layers = 2;
  want.bidirectional = true;
  want.proj_size = 2;
  expect_same_config(model.config, want);
  const auto stored = file.get<float>("weight_hr_l1_reverse");
  const auto loaded = model.params.value(model.params.index("weight_hr_l1_reverse"));
  EXPECT_TRUE(std::equal(loaded.begin(), loaded.end(), stored.span().begin(), stored.span().end()));
}

TEST(ModelFile, TakesReluAndBatchFirstFromTheCallerWhenTheFileCannotSay) {
  const auto file = SafetensorsFile::read(kFixtures / "torch_rnn_relu_plain.safetensors");
  const auto tanh = load_model<float>(file);
  EXPECT_EQ(tanh.config.mode, nn::Mode::RnnTanh);
  EXPECT_FALSE(tanh.config.batch_first);
  const auto relu = load_model<float>(file, {.prefix = "", .relu = true, .batch_first = true});
  nn::RecurrentConfig want;
  want.mode = nn::Mode::RnnRelu;
  want.input_size = 2;
  want.hidden_size = 3;
  want.bias = false;
  want.batch_first = true;
  expect_same_config(relu.config, want);
}

TEST(ModelFile, PicksASubmodulesTensorsByPrefix) {
  const auto file = SafetensorsFile::read(kFixtures / "torch_gru_in_model.safetensors");
  const auto model = load_model<double>(file, {.prefix = "gru."});
  EXPECT_EQ(model.config.mode, nn::Mode::Gru);
  EXPECT_EQ(model.config.num_layers, 3);
  EXPECT_EQ(model.config.input_size, 1);
  EXPECT_EQ(model.config.hidden_size, 4);
  EXPECT_EQ(model.params.name(0), "weight_ih_l0");
  EXPECT_EQ(model.params.value(model.params.index("bias_hh_l2"))[0], file.get<double>("gru.bias_hh_l2")[0]);
  EXPECT_EQ(load_model<double>(file, {.prefix = "gru"}).config.num_layers, 3);
}

TEST(ModelFile, ReportsTheModelDtype) {
  EXPECT_EQ(model_dtype(SafetensorsFile::read(kFixtures / "torch_lstm_f64.safetensors")), Dtype::kF64);
  EXPECT_EQ(model_dtype(SafetensorsFile::read(kFixtures / "torch_gru_in_model.safetensors"), {.prefix = "gru."}),
            Dtype::kF32);
}

TEST(ModelFile, LoadsATensorsOwnPrefixWrittenByElman) {
  const auto file = file_for(lstm_config(), true, "rnn.");
  EXPECT_EQ(load_model<float>(file, {.prefix = "rnn."}).config.proj_size, 3);
}

TEST(ModelFile, RejectsAWholeModelWithoutAPrefix) {
  EXPECT_EQ(load_error(SafetensorsFile::read(kFixtures / "torch_gru_in_model.safetensors")),
            (kFixtures / "torch_gru_in_model.safetensors").string() +
                ": tensor 'gru.bias_hh_l0' is not a parameter of a recurrent layer (a prefix such as 'lstm.' picks a "
                "submodule's tensors)");
}

TEST(ModelFile, RejectsAPrefixThatPicksNothing) {
  EXPECT_EQ(load_error(file_for(lstm_config(), false), {.prefix = "lstm."}),
            "model.safetensors: no tensors under prefix 'lstm.' to load a recurrent layer from");
}

TEST(ModelFile, RejectsAMissingTensor) {
  auto file = file_for(lstm_config());
  file.erase("weight_hh_l1_reverse");
  EXPECT_EQ(load_error(file),
            "model.safetensors: missing tensor 'weight_hh_l1_reverse' of shape (20, 3), which the configuration in "
            "__metadata__ needs");
}

TEST(ModelFile, RejectsAnExtraTensor) {
  auto file = file_for(lstm_config());
  file.set("weight_ih_l2", Tensor<float>({20, 6}));
  EXPECT_EQ(load_error(file),
            "model.safetensors: extra tensor 'weight_ih_l2': not a parameter of the layer that the configuration in "
            "__metadata__ describes");
}

TEST(ModelFile, RejectsMetadataContradictingTheShapes) {
  auto file = file_for(lstm_config());
  file.metadata()["hidden_size"] = "6";
  EXPECT_EQ(load_error(file),
            "model.safetensors: tensor 'weight_ih_l0' has shape (20, 2), but the configuration in __metadata__ needs "
            "(24, 2)");
}

TEST(ModelFile, RejectsMetadataDroppingBiasesTheFileHolds) {
  auto file = file_for(lstm_config());
  file.metadata()["bias"] = "false";
  EXPECT_EQ(load_error(file),
            "model.safetensors: extra tensor 'bias_hh_l0': not a parameter of the layer that the configuration in "
            "__metadata__ describes");
}

TEST(ModelFile, RejectsAShapeThatDoesNotFitTheInferredConfiguration) {
  auto file = file_for(lstm_config(), false);
  file.set("weight_ih_l1", Tensor<float>({20, 5}));
  EXPECT_EQ(load_error(file),
            "model.safetensors: tensor 'weight_ih_l1' has shape (20, 5), but the configuration inferred from the "
            "tensor names and shapes needs (20, 6)");
}

TEST(ModelFile, RejectsAnUnknownMode) {
  auto file = file_for(lstm_config());
  file.metadata()["mode"] = "LSTM2";
  EXPECT_EQ(load_error(file),
            "model.safetensors: __metadata__ 'mode': unknown mode 'LSTM2', expected RNN_TANH, RNN_RELU, LSTM or GRU");
}

TEST(ModelFile, RejectsANonNumericSize) {
  auto file = file_for(lstm_config());
  file.metadata()["num_layers"] = "two";
  EXPECT_EQ(load_error(file),
            "model.safetensors: __metadata__ 'num_layers': expected a non-negative integer, got 'two'");
}

TEST(ModelFile, RejectsAFlagThatIsNotTrueOrFalse) {
  auto file = file_for(lstm_config());
  file.metadata()["bidirectional"] = "yes";
  EXPECT_EQ(load_error(file), "model.safetensors: __metadata__ 'bidirectional': expected true or false, got 'yes'");
}

TEST(ModelFile, RejectsMetadataWithAModeButNoSizes) {
  auto file = file_for(lstm_config());
  file.metadata().erase("hidden_size");
  EXPECT_EQ(load_error(file), "model.safetensors: __metadata__ has a 'mode' but no 'hidden_size'");
}

TEST(ModelFile, RejectsAConfigurationTorchWouldReject) {
  auto file = file_for(lstm_config());
  file.metadata()["mode"] = "GRU";
  EXPECT_EQ(load_error(file),
            "model.safetensors: the configuration in __metadata__: proj_size: only LSTM supports a projection, got "
            "proj_size 3 for mode GRU");
}

TEST(ModelFile, RejectsRecurrentWeightsOfNoKnownGateCount) {
  SafetensorsFile file;
  file.set("weight_ih_l0", Tensor<float>({10, 1}));
  file.set("weight_hh_l0", Tensor<float>({10, 5}));
  file = SafetensorsFile::parse(file.serialize(), "model.safetensors");
  EXPECT_EQ(load_error(file),
            "model.safetensors: tensor 'weight_hh_l0' has shape (10, 5): its rows are not 1, 3 or 4 times hidden_size "
            "5 (RNN, GRU or LSTM)");
}

TEST(ModelFile, RejectsAnInputFileGivenAsTheModel) {
  SafetensorsFile file;
  file.set("input", Tensor<float>({4, 1, 1}));
  file = SafetensorsFile::parse(file.serialize(), "input.safetensors");
  EXPECT_EQ(load_error(file),
            "input.safetensors: tensor 'input' is not a parameter of a recurrent layer (a prefix such as 'lstm.' "
            "picks a submodule's tensors)");
}

TEST(ModelFile, RejectsTensorsOfMixedDtypes) {
  auto file = file_for(lstm_config());
  file.set("weight_ih_l0", Tensor<double>({20, 2}));
  try {
    model_dtype(file);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "model.safetensors: tensors 'bias_hh_l0' (F32) and 'weight_ih_l0' (F64) differ in dtype");
  }
}

}  // namespace
}  // namespace elman::io
