// Learn to predict the next value of a sine wave from the 20 values before it, in the spirit of ggml's
// examples/mnist/mnist-train.cpp: data, model, optimizer, loop, test error, over elman's public API only.
// Run: build/examples/train_sine [model.safetensors]  (the optional file loads into docs/sequence_model.md's class)
#include <cmath>
#include <cstdio>

#include "elman/io/sequence_model_file.hpp"
#include "elman/train/progress.hpp"
#include "elman/train/trainer.hpp"

namespace {

constexpr std::int64_t kWindow = 20;

// Windows of sin(0.15 t) for t = first .. first + count + kWindow: inputs (S, 20, 1), targets (S, 1).
elman::train::Dataset<float> sine_windows(std::int64_t first, std::int64_t count) {
  elman::train::Dataset<float> data{elman::Tensor<float>({count, kWindow, 1}), elman::Tensor<float>({count, 1})};
  const auto wave = [](std::int64_t t) { return float(std::sin(0.15 * double(t))); };
  for (std::int64_t s = 0; s < count; ++s) {
    for (std::int64_t t = 0; t < kWindow; ++t) data.inputs[s * kWindow + t] = wave(first + s + t);
    data.targets[s] = wave(first + s + kWindow);
  }
  return data;
}

}  // namespace

int main(int argc, char** argv) {
  namespace nn = elman::nn;
  namespace train = elman::train;
  const train::Dataset<float> training = sine_windows(0, 800), test = sine_windows(900, 200);

  nn::SequenceModelConfig config;  // torch.nn.GRU(1, 16, batch_first=True) + torch.nn.Linear(16, 1)
  config.rnn.mode = nn::Mode::Gru;
  config.rnn.input_size = 1;
  config.rnn.hidden_size = 16;
  config.rnn.batch_first = true;
  nn::SequenceModel<float> model(config);
  model.reset_parameters(42);

  train::Adam<float> adam(train::AdamOptions{.lr = 0.01});
  train::CosineAnnealingLR cosine(adam, 15);
  train::Trainer<float> trainer(model, adam, train::TrainOptions{.epochs = 15, .batch_size = 32, .seed = 1,
                                                                 .clip_norm = 1.0});
  trainer.set_schedule(&cosine);
  trainer.add_callback(train::make_progress_display());
  std::printf("test loss before training: %.6f\n", trainer.evaluate(test));
  trainer.fit(training, &test);
  std::printf("test MSE after training:   %.6f (RMSE %.4f on a wave of amplitude 1)\n", trainer.evaluate(test),
              std::sqrt(trainer.evaluate(test)));
  // sin(0.15 t) for t = 0..19 → sin(0.15 · 20): the number a PyTorch user gets from the saved file.
  const elman::Tensor<float> first_window({kWindow, 1}, std::vector<float>(training.inputs.data(),
                                                                              training.inputs.data() + kWindow));
  std::printf("prediction after sin(0.15 t), t = 0..19: %.8f (true %.8f)\n", model.predict(first_window)[0],
              std::sin(0.15 * kWindow));
  if (argc > 1) elman::io::save_sequence_model(argv[1], model);
  return 0;
}
