// The training loop: it learns, it is deterministic, early stopping restores the best weights, divergence stops
// with a message naming epoch and batch and leaves finite weights. (Resuming from a checkpoint is tested with
// the checkpoint code, in tests/io/checkpoint_test.cpp.)
#include "elman/train/trainer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "elman/train/progress.hpp"

namespace elman::train {
namespace {

nn::SequenceModelConfig gru_config() {
  nn::SequenceModelConfig config;
  config.rnn.mode = nn::Mode::Gru;
  config.rnn.input_size = 1;
  config.rnn.hidden_size = 8;
  config.rnn.batch_first = true;
  config.output_size = 1;
  return config;
}

// Sequences of 5 values in [-1, 1]; the target is their mean (times `sign`).
Dataset<double> mean_task(std::int64_t samples, std::uint64_t seed, double sign = 1.0) {
  Dataset<double> data{Tensor<double>({samples, 5, 1}), Tensor<double>({samples, 1})};
  Rng rng(seed);
  for (std::int64_t s = 0; s < samples; ++s) {
    double sum = 0.0;
    for (std::int64_t t = 0; t < 5; ++t) sum += data.inputs[s * 5 + t] = rng.uniform(-1.0, 1.0);
    data.targets[s] = sign * sum / 5.0;
  }
  return data;
}

std::vector<double> train_weights(std::uint64_t model_seed, std::uint64_t loop_seed, double dropout = 0.0) {
  nn::SequenceModelConfig config = gru_config();
  config.dropout = dropout;
  nn::SequenceModel<double> model(config);
  model.reset_parameters(model_seed);
  Adam<double> adam(AdamOptions{.lr = 0.01});
  Trainer<double> trainer(model, adam, TrainOptions{.epochs = 3, .batch_size = 8, .seed = loop_seed});
  trainer.fit(mean_task(40, 1));
  return {model.values().begin(), model.values().end()};
}

TEST(Trainer, LearnsTheMeanOfASequence) {
  nn::SequenceModel<double> model(gru_config());
  model.reset_parameters(0);
  Adam<double> adam(AdamOptions{.lr = 0.02});
  Trainer<double> trainer(model, adam, TrainOptions{.epochs = 40, .batch_size = 16, .seed = 3});
  const Dataset<double> train = mean_task(128, 1), test = mean_task(64, 2);
  const double before = trainer.evaluate(test);
  const FitResult result = trainer.fit(train, &test);
  ASSERT_EQ(result.history.size(), 40u);
  EXPECT_LT(trainer.evaluate(test), before / 20);
  EXPECT_LT(trainer.evaluate(test), 2e-3);
  EXPECT_EQ(result.history.back().val_loss, trainer.evaluate(test));
  EXPECT_LT(result.history.back().train_loss, result.history.front().train_loss);
}

TEST(Trainer, SameSeedGivesBitIdenticalWeights) {
  EXPECT_EQ(train_weights(1, 7, 0.2), train_weights(1, 7, 0.2));
}

TEST(Trainer, DifferentShuffleSeedGivesDifferentWeights) {
  EXPECT_NE(train_weights(1, 7), train_weights(1, 8));
}

TEST(Trainer, EarlyStoppingRestoresTheBestWeights) {
  nn::SequenceModel<double> model(gru_config());
  model.reset_parameters(0);
  Adam<double> adam(AdamOptions{.lr = 0.02});
  Trainer<double> trainer(model, adam, TrainOptions{.epochs = 50, .batch_size = 16, .seed = 3, .patience = 2});
  // The validation targets have the opposite sign: fitting the training set makes the validation loss worse.
  const Dataset<double> train = mean_task(64, 1), validation = mean_task(32, 2, -1.0);
  std::vector<double> best;
  trainer.add_callback([&](const EpochReport& report) {
    if (report.improved) best.assign(model.values().begin(), model.values().end());
    return true;
  });
  const FitResult result = trainer.fit(train, &validation);
  EXPECT_TRUE(result.early_stopped);
  ASSERT_LT(result.history.size(), 50u);
  EXPECT_EQ(result.history.size(), std::size_t(result.best_epoch + 2));
  EXPECT_EQ(std::vector<double>(model.values().begin(), model.values().end()), best);
  EXPECT_EQ(trainer.evaluate(validation), result.history[std::size_t(result.best_epoch - 1)].val_loss);
}

TEST(Trainer, ACallbackReturningFalseStopsAfterThatEpoch) {
  nn::SequenceModel<double> model(gru_config());
  Adam<double> adam(AdamOptions{});
  Trainer<double> trainer(model, adam, TrainOptions{.epochs = 10});
  trainer.add_callback([](const EpochReport& report) { return report.epoch < 3; });
  const FitResult result = trainer.fit(mean_task(16, 1));
  EXPECT_TRUE(result.stopped_by_callback);
  EXPECT_EQ(result.epochs_run, 3);
  EXPECT_EQ(trainer.state().epoch, 3);
}

TEST(Trainer, DivergenceStopsWithTheEpochAndBatchAndLeavesFiniteWeights) {
  nn::SequenceModelConfig config = gru_config();
  config.rnn.mode = nn::Mode::RnnTanh;
  nn::SequenceModel<double> model(config);
  model.reset_parameters(0);
  Sgd<double> sgd(SgdOptions{.lr = 1e3});
  Trainer<double> trainer(model, sgd, TrainOptions{.epochs = 20, .batch_size = 8, .seed = 1});
  try {
    trainer.fit(mean_task(64, 1));
    FAIL() << "training with lr = 1e3 did not diverge";
  } catch (const Error& e) {
    // Here: "loss is inf at epoch 5, batch 6"; the place may move with another GEMM's rounding.
    EXPECT_THAT(e.what(), testing::MatchesRegex("training diverged: loss is (nan|inf) at epoch [0-9]+, batch [0-9]+ "
                                                "\\(lower the learning rate or clip gradients\\)"));
  }
  const auto values = model.values();
  EXPECT_TRUE(std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); }));
}

TEST(Trainer, StepLrStepsOncePerEpoch) {
  nn::SequenceModel<double> model(gru_config());
  model.reset_parameters(0);
  Adam<double> adam(AdamOptions{.lr = 0.01});
  StepLR step(adam, 2, 0.5);
  Trainer<double> trainer(model, adam, TrainOptions{.epochs = 4, .batch_size = 16});
  trainer.set_schedule(&step);
  const FitResult result = trainer.fit(mean_task(32, 1));
  ASSERT_EQ(result.history.size(), 4u);
  EXPECT_EQ(result.history[0].lr, 0.01);
  EXPECT_EQ(result.history[1].lr, 0.005);
  EXPECT_EQ(result.history[3].lr, 0.0025);
}

TEST(Trainer, PlateauHalvesTheLrWhenTheValidationLossStopsImproving) {
  nn::SequenceModel<double> model(gru_config());
  model.reset_parameters(0);
  Adam<double> adam(AdamOptions{.lr = 0.01});
  ReduceLROnPlateau plateau(adam, PlateauOptions{.factor = 0.5, .patience = 0});
  Trainer<double> trainer(model, adam, TrainOptions{.epochs = 6, .batch_size = 16});
  trainer.set_plateau(&plateau);
  const Dataset<double> train = mean_task(32, 1), validation = mean_task(16, 2, -1.0);
  const FitResult result = trainer.fit(train, &validation);
  // torch's rule with mode 'min', threshold 1e-4 'rel', patience 0: every epoch not below best * (1 - 1e-4) halves.
  double best = result.history[0].val_loss, lr = 0.01;
  int reductions = 0;
  for (std::size_t e = 1; e < result.history.size(); ++e) {
    if (result.history[e].val_loss < best * (1 - 1e-4)) {
      best = result.history[e].val_loss;
    } else {
      lr *= 0.5;
      ++reductions;
    }
    EXPECT_EQ(result.history[e].lr, lr) << "epoch " << e + 1;
  }
  EXPECT_GT(reductions, 0);
}

TEST(Trainer, RejectsTargetsOfTheWrongShape) {
  nn::SequenceModel<double> model(gru_config());
  Adam<double> adam(AdamOptions{});
  Trainer<double> trainer(model, adam, TrainOptions{});
  Dataset<double> data = mean_task(4, 1);
  data.targets = Tensor<double>({4, 2});
  try {
    trainer.fit(data);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "training set: expected targets of shape (4, 1), got (4, 2)");
  }
}

TEST(Progress, FormatsOneLinePerEpoch) {
  EpochReport report{.epoch = 3, .epochs = 10, .train_loss = 0.0123456, .val_loss = 0.015, .lr = 0.001,
                     .elapsed_seconds = 4.2};
  EXPECT_EQ(progress_line(report, 9.6, false), "epoch 3/10 loss 0.012346 val 0.015 lr 0.001 00:04 < 00:10");
  EXPECT_EQ(progress_line(report, 9.6, true),
            "epoch 3/10 [######--------------] loss 0.012346 val 0.015 lr 0.001 00:04 < 00:10");
  EXPECT_EQ(format_duration(3725), "1:02:05");
}

}  // namespace
}  // namespace elman::train
