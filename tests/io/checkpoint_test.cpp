// Checkpoints and SequenceModel files: what they hold, what they reject, and that a resumed run ends with the
// same weights, bit for bit, as the run that was never interrupted.
#include "elman/io/checkpoint.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "elman/io/sequence_model_file.hpp"
#include "io/temp_folder.hpp"

namespace elman::io {
namespace {

nn::SequenceModelConfig lstm_config() {
  nn::SequenceModelConfig config;
  config.rnn.mode = nn::Mode::Lstm;
  config.rnn.input_size = 2;
  config.rnn.hidden_size = 6;
  config.rnn.num_layers = 2;
  config.rnn.dropout = 0.1;
  config.output_size = 1;
  config.dropout = 0.2;
  return config;
}

train::Dataset<double> sum_task(std::int64_t samples, std::uint64_t seed) {
  train::Dataset<double> data{Tensor<double>({samples, 4, 2}), Tensor<double>({samples, 1})};
  Rng rng(seed);
  for (std::int64_t s = 0; s < samples; ++s)
    for (std::int64_t i = 0; i < 8; ++i) data.targets[s] += 0.25 * (data.inputs[s * 8 + i] = rng.uniform(-1, 1));
  return data;
}

// Everything a run needs, built afresh as a new process would.
struct TrainingRun {
  nn::SequenceModel<double> model{lstm_config()};
  train::Adam<double> adam{train::AdamOptions{.lr = 0.01, .amsgrad = true}};
  train::StepLR step{adam, 2, 0.5};
  train::ReduceLROnPlateau plateau{adam, train::PlateauOptions{.patience = 1}};
  train::Trainer<double> trainer{model, adam, train::TrainOptions{.epochs = 6, .batch_size = 8, .seed = 5,
                                                                  .patience = 10}};
  TrainingRun() {
    model.reset_parameters(0);
    trainer.set_schedule(&step);
    trainer.set_plateau(&plateau);
  }
  std::vector<double> weights() const { return {model.values().begin(), model.values().end()}; }
};

TEST(Checkpoint, ResumingAfterAnInterruptionEndsWithBitIdenticalWeights) {
  const train::Dataset<double> train = sum_task(40, 1), validation = sum_task(16, 2);
  TrainingRun uninterrupted;
  uninterrupted.trainer.fit(train, &validation);

  testing::TempFolder folder;
  const auto path = folder.path() / "run.ckpt.safetensors";
  {
    TrainingRun interrupted;
    interrupted.trainer.set_checkpoint_callback([&](train::Trainer<double>& t) { save_checkpoint(path, t); });
    interrupted.trainer.add_callback([](const train::EpochReport& report) { return report.epoch < 3; });
    ASSERT_TRUE(interrupted.trainer.fit(train, &validation).stopped_by_callback);
  }
  TrainingRun resumed;
  load_checkpoint(path, resumed.trainer);
  EXPECT_EQ(resumed.trainer.state().epoch, 3);
  EXPECT_EQ(resumed.trainer.fit(train, &validation).epochs_run, 3);
  EXPECT_EQ(resumed.weights(), uninterrupted.weights());
  EXPECT_EQ(resumed.adam.lr(), uninterrupted.adam.lr());
  EXPECT_EQ(resumed.trainer.state().best_values, uninterrupted.trainer.state().best_values);
}

TEST(Checkpoint, HoldsModelOptimizerScheduleAndLoopStateInOneFile) {
  TrainingRun run;
  run.trainer.fit(sum_task(16, 1));
  const SafetensorsFile file = checkpoint_to_safetensors(run.trainer);
  EXPECT_TRUE(file.contains("model.rnn.weight_ih_l0"));
  EXPECT_TRUE(file.contains("model.head.bias"));
  EXPECT_TRUE(file.contains("optimizer.adam.exp_avg.rnn.weight_ih_l0"));
  EXPECT_TRUE(file.contains("optimizer.adam.max_exp_avg_sq.head.weight"));
  EXPECT_TRUE(file.contains("best.head.weight"));
  EXPECT_EQ(file.metadata().at("format"), "elman-checkpoint");
  EXPECT_EQ(file.metadata().at("optimizer"), "adam");
  EXPECT_EQ(file.metadata().at("trainer.epoch"), "6");
  EXPECT_EQ(file.metadata().at("optimizer.scalar.step"), "12");
  EXPECT_EQ(file.metadata().at("schedule.last_epoch"), "6");
  EXPECT_EQ(file.metadata().at("model"), "SequenceModel");
}

TEST(Checkpoint, RejectsAModelOfAnotherShape) {
  TrainingRun run;
  SafetensorsFile file = checkpoint_to_safetensors(run.trainer);
  file.metadata()["hidden_size"] = "7";
  try {
    restore_checkpoint(file, run.trainer);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "checkpoint: the checkpoint's model has hidden_size = '7', the model to restore has '6'");
  }
}

TEST(Checkpoint, RejectsAFileThatIsNotACheckpoint) {
  TrainingRun run;
  try {
    restore_checkpoint(sequence_model_to_safetensors(run.model), run.trainer);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "checkpoint: not an elman checkpoint (expected __metadata__ 'format': 'elman-checkpoint')");
  }
}

TEST(SequenceModelFile, SavesStateDictNamesAndConfigurationAndLoadsBack) {
  nn::SequenceModelConfig config = lstm_config();
  config.rnn.batch_first = true;
  config.every_step = true;
  nn::SequenceModel<double> model(config);
  model.reset_parameters(4);
  testing::TempFolder folder;
  save_sequence_model(folder.path() / "model.safetensors", model);
  const SafetensorsFile file = SafetensorsFile::read(folder.path() / "model.safetensors");
  EXPECT_EQ(file.names().size(), 10u);
  EXPECT_EQ(file.metadata().at("model"), "SequenceModel");
  EXPECT_EQ(file.metadata().at("mode"), "LSTM");
  EXPECT_EQ(file.metadata().at("output_size"), "1");
  EXPECT_EQ(file.metadata().at("head_dropout"), "0.2");
  EXPECT_EQ(file.metadata().at("every_step"), "true");
  const nn::SequenceModel<double> loaded = load_sequence_model<double>(folder.path() / "model.safetensors");
  EXPECT_TRUE(loaded.config().rnn.batch_first);
  EXPECT_TRUE(loaded.config().every_step);
  EXPECT_EQ(std::vector<double>(loaded.values().begin(), loaded.values().end()),
            std::vector<double>(model.values().begin(), model.values().end()));
  EXPECT_FALSE(file.metadata().contains("first_step"));  // written only where the head skips steps
}

TEST(SequenceModelFile, SavesTheFirstStepTheHeadReadsAndLoadsItBack) {
  nn::SequenceModelConfig config = lstm_config();
  config.every_step = true;
  config.first_step = 3;
  nn::SequenceModel<float> model(config);
  model.reset_parameters(4);
  testing::TempFolder folder;
  save_sequence_model(folder.path() / "model.safetensors", model);
  EXPECT_EQ(SafetensorsFile::read(folder.path() / "model.safetensors").metadata().at("first_step"), "3");
  EXPECT_EQ(load_sequence_model<float>(folder.path() / "model.safetensors").config().first_step, 3);
  SafetensorsFile file = sequence_model_to_safetensors(model);
  file.metadata()["first_step"] = "-1";
  file.write(folder.path() / "bad.safetensors");
  try {
    load_sequence_model<float>(folder.path() / "bad.safetensors");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), (folder.path() / "bad.safetensors").string() +
                                         ": __metadata__ 'first_step': expected a non-negative integer, got '-1'");
  }
}

TEST(SequenceModelFile, InfersTheConfigurationOfAFileWithoutMetadata) {
  nn::SequenceModelConfig config = lstm_config();
  config.output_size = 3;
  nn::SequenceModel<float> model(config);
  model.reset_parameters(4);
  SafetensorsFile file = sequence_model_to_safetensors(model);
  file.metadata().clear();  // as safetensors.torch.save_file(model.state_dict()) writes it
  const nn::SequenceModel<float> loaded = load_sequence_model<float>(file, false);
  EXPECT_EQ(loaded.config().rnn.mode, nn::Mode::Lstm);
  EXPECT_EQ(loaded.config().rnn.num_layers, 2);
  EXPECT_EQ(loaded.config().rnn.hidden_size, 6);
  EXPECT_EQ(loaded.config().output_size, 3);
  EXPECT_EQ(loaded.config().dropout, 0.0);
}

TEST(SequenceModelFile, RejectsAnExtraTensor) {
  nn::SequenceModel<double> model(lstm_config());
  SafetensorsFile file = sequence_model_to_safetensors(model);
  file.set("head.scale", Tensor<double>({1}));
  try {
    load_sequence_model<double>(file);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "model file: extra tensor 'head.scale': not a parameter of the SequenceModel");
  }
}

}  // namespace
}  // namespace elman::io
