// A whole SequenceModel training run against PyTorch 1.13 (fixtures from tests/fixtures/make_sequence_model_cases.py):
// a PyTorch-initialised model file loads into elman and predicts as PyTorch did, and 20 Adam steps of full-batch
// MSE through the Trainer give PyTorch's weights after every step, in float64 within 1e-10. This proves the
// recurrent stack, the head, the loss and the optimizer compose exactly as PyTorch's.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "elman/io/sequence_model_file.hpp"
#include "elman/train/trainer.hpp"

namespace elman::train {
namespace {

const std::string kFolder = std::string(ELMAN_SOURCE_DIR) + "/tests/fixtures/sequence_model/";

class SequenceModelParity : public ::testing::TestWithParam<std::string> {
 protected:
  io::SafetensorsFile steps = io::SafetensorsFile::read(kFolder + GetParam() + ".steps.safetensors");
  bool batch_first = steps.metadata().at("batch_first") == "true";
  nn::SequenceModel<double> model =
      io::load_sequence_model<double>(kFolder + GetParam() + ".model.safetensors", batch_first);
  Dataset<double> data{steps.get<double>("input"), steps.get<double>("target")};
};

TEST_P(SequenceModelParity, PytorchInitialisedModelPredictsAsPytorch) {
  std::vector<std::int64_t> rows(std::size_t(data.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = std::int64_t(i);
  nn::SequenceModelCache<double> cache;
  const Tensor<double> predictions = model.forward(gather_batch(data, rows, model.config()).first, cache);
  const Tensor<double> expected = steps.get<double>("predictions");
  ASSERT_EQ(predictions.shape(), expected.shape());
  for (std::int64_t i = 0; i < expected.numel(); ++i) EXPECT_NEAR(predictions[i], expected[i], 1e-12) << i;
}

TEST_P(SequenceModelParity, TwentyAdamStepsMatchPytorchAfterEveryStep) {
  Adam<double> adam(AdamOptions{.lr = 0.01});
  Trainer<double> trainer(model, adam, TrainOptions{.epochs = 20, .batch_size = data.size(), .shuffle = false});
  std::int64_t checked = 0;
  trainer.add_callback([&](const EpochReport& report) {
    const Parameters<double>& params = model.parameters();
    for (std::size_t p = 0; p < params.count(); ++p) {
      const std::string name = fmt::format("step_{:02}.{}", report.epoch, params.name(p));
      const Tensor<double> expected = steps.get<double>(name);
      const auto got = params.value(p);
      for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_NEAR(got[i], expected[std::int64_t(i)], 1e-10) << name << "[" << i << "]";
        ++checked;
      }
    }
    return true;
  });
  trainer.fit(data);
  std::int64_t values = 0;
  for (std::size_t p = 0; p < model.parameters().count(); ++p) values += std::int64_t(model.parameters().value(p).size());
  EXPECT_EQ(checked, 20 * values);
}

INSTANTIATE_TEST_SUITE_P(Cases, SequenceModelParity, ::testing::Values("gru_last_bf", "lstm_every_tm", "rnn_last_bi"));

}  // namespace
}  // namespace elman::train
