#include "elman/io/checkpoint.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>

#include "elman/io/sequence_model_file.hpp"

namespace elman::io {

namespace {

constexpr std::string_view kFormat = "elman-checkpoint";

std::string where(const SafetensorsFile& file) { return file.source().empty() ? "checkpoint" : file.source(); }

template <typename T>
std::size_t offset_of(const Parameters<T>& params, std::size_t i) {
  return std::size_t(params.value(i).data() - params.values().data());
}

// A flat array shaped like the arena (values, gradients, optimizer state), one tensor per parameter.
template <typename T>
void write_arena(SafetensorsFile& file, const std::string& prefix, const Parameters<T>& params,
                 std::span<const T> arena) {
  for (std::size_t i = 0; i < params.count(); ++i) {
    const auto part = arena.subspan(offset_of(params, i), params.value(i).size());
    file.set(prefix + params.name(i), Tensor<T>(params.shape(i), std::vector<T>(part.begin(), part.end())));
  }
}

template <typename T>
void read_arena(const SafetensorsFile& file, const std::string& prefix, const Parameters<T>& params,
                std::span<T> arena) {
  for (std::size_t i = 0; i < params.count(); ++i) {
    const std::string name = prefix + params.name(i);
    if (!file.contains(name)) fail("{}: missing tensor '{}'", where(file), name);
    const Tensor<T> tensor = file.get<T>(name);
    if (tensor.shape() != params.shape(i))
      fail("{}: tensor '{}' has shape {}, expected {}", where(file), name, to_string(tensor.shape()),
           to_string(params.shape(i)));
    std::copy(tensor.span().begin(), tensor.span().end(), arena.begin() + std::ptrdiff_t(offset_of(params, i)));
  }
}

std::string number(double value) { return fmt::format("{}", value); }

const std::string& required(const SafetensorsFile& file, const std::string& key) {
  const auto it = file.metadata().find(key);
  if (it == file.metadata().end()) fail("{}: __metadata__ has no '{}'", where(file), key);
  return it->second;
}

double read_number(const SafetensorsFile& file, const std::string& key) {
  const std::string& text = required(file, key);
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    fail("{}: __metadata__ '{}': expected a number, got '{}'", where(file), key, text);
  return value;
}

void write_scalars(Metadata& metadata, const std::string& prefix, const std::vector<train::NamedScalar>& scalars) {
  for (const auto& scalar : scalars) metadata[prefix + scalar.name] = number(scalar.value);
}

// Every "prefix<name>" key as a scalar named <name>.
std::vector<train::NamedScalar> read_scalars(const SafetensorsFile& file, const std::string& prefix) {
  std::vector<train::NamedScalar> scalars;
  for (const auto& [key, text] : file.metadata())
    if (key.starts_with(prefix)) scalars.push_back({key.substr(prefix.size()), read_number(file, key)});
  return scalars;
}

void check_presence(const SafetensorsFile& file, const std::string& key, bool present) {
  const std::string& saved = required(file, key);
  if (saved != (present ? "true" : "false"))
    fail("{}: the checkpoint was saved {} a {}, the trainer to restore {} one", where(file),
         saved == "true" ? "with" : "without", key, present ? "has" : "has none");
}

template <typename T>
void save_trainer_state(const train::TrainerState<T>& state, const Parameters<T>& params, SafetensorsFile& file) {
  Metadata& metadata = file.metadata();
  metadata["trainer.epoch"] = std::to_string(state.epoch);
  metadata["trainer.batch"] = std::to_string(state.batch);
  metadata["trainer.best_loss"] = number(state.best_loss);
  metadata["trainer.best_epoch"] = std::to_string(state.best_epoch);
  metadata["trainer.bad_epochs"] = std::to_string(state.bad_epochs);
  std::ostringstream engine;
  engine << state.rng.engine();
  metadata["trainer.rng"] = engine.str();
  if (!state.best_values.empty()) write_arena<T>(file, "best.", params, state.best_values);
}

template <typename T>
void restore_trainer_state(const SafetensorsFile& file, const Parameters<T>& params, train::TrainerState<T>& state) {
  state.epoch = std::int64_t(read_number(file, "trainer.epoch"));
  state.batch = std::int64_t(read_number(file, "trainer.batch"));
  state.best_loss = read_number(file, "trainer.best_loss");
  state.best_epoch = std::int64_t(read_number(file, "trainer.best_epoch"));
  state.bad_epochs = std::int64_t(read_number(file, "trainer.bad_epochs"));
  std::istringstream engine(required(file, "trainer.rng"));
  engine >> state.rng.engine();
  if (!engine) fail("{}: __metadata__ 'trainer.rng': expected the 312 numbers of an mt19937_64 state", where(file));
  state.best_values.clear();
  if (file.contains("best." + params.name(0))) {
    state.best_values.assign(params.values().size(), T{});
    read_arena<T>(file, "best.", params, state.best_values);
  }
}

void check_model(const SafetensorsFile& file, const nn::SequenceModelConfig& config) {
  for (const auto& [key, value] : sequence_model_metadata(config))
    if (required(file, key) != value)
      fail("{}: the checkpoint's model has {} = '{}', the model to restore has '{}'", where(file), key,
           required(file, key), value);
}

}  // namespace

template <typename T>
SafetensorsFile checkpoint_to_safetensors(train::Trainer<T>& trainer) {
  SafetensorsFile file = sequence_model_to_safetensors(trainer.model());
  SafetensorsFile checkpoint;
  for (const auto& [name, stored] : file.tensors()) checkpoint.set_raw("model." + name, stored.dtype, stored.shape, stored.bytes);
  Metadata& metadata = checkpoint.metadata();
  metadata = file.metadata();
  metadata["format"] = std::string(kFormat);

  const Parameters<T>& params = trainer.model().parameters();
  train::Optimizer<T>& optimizer = trainer.optimizer();
  metadata["optimizer"] = std::string(optimizer.name());
  const auto states = optimizer.state();
  metadata["optimizer.has_state"] = states.empty() ? "false" : "true";
  for (const auto& state : states)
    write_arena<T>(checkpoint, "optimizer." + state.name + ".", params, state.values);
  write_scalars(metadata, "optimizer.scalar.", optimizer.scalars());

  metadata["schedule"] = trainer.schedule() ? "true" : "false";
  if (trainer.schedule()) write_scalars(metadata, "schedule.", trainer.schedule()->state());
  metadata["plateau"] = trainer.plateau() ? "true" : "false";
  if (trainer.plateau()) write_scalars(metadata, "plateau.", trainer.plateau()->state());
  save_trainer_state(trainer.state(), params, checkpoint);
  return checkpoint;
}

template <typename T>
void restore_checkpoint(const SafetensorsFile& file, train::Trainer<T>& trainer) {
  if (const auto it = file.metadata().find("format"); it == file.metadata().end() || it->second != kFormat)
    fail("{}: not an elman checkpoint (expected __metadata__ 'format': '{}')", where(file), kFormat);
  check_model(file, trainer.model().config());
  train::Optimizer<T>& optimizer = trainer.optimizer();
  if (required(file, "optimizer") != optimizer.name())
    fail("{}: the checkpoint's optimizer is '{}', the trainer's is '{}'", where(file), required(file, "optimizer"),
         optimizer.name());
  check_presence(file, "schedule", trainer.schedule() != nullptr);
  check_presence(file, "plateau", trainer.plateau() != nullptr);

  fill_sequence_model(file, trainer.model(), "model.");
  const Parameters<T>& params = trainer.model().parameters();
  if (required(file, "optimizer.has_state") == "true") {
    optimizer.resize_state(params.values().size());
    for (const auto& state : optimizer.state())
      read_arena<T>(file, "optimizer." + state.name + ".", params, state.values);
  }
  for (const auto& scalar : read_scalars(file, "optimizer.scalar.")) optimizer.set_scalar(scalar.name, scalar.value);
  if (trainer.schedule()) trainer.schedule()->load_state(read_scalars(file, "schedule."));
  if (trainer.plateau()) trainer.plateau()->load_state(read_scalars(file, "plateau."));
  restore_trainer_state(file, params, trainer.state());
}

template <typename T>
void save_checkpoint(const std::filesystem::path& path, train::Trainer<T>& trainer) {
  checkpoint_to_safetensors(trainer).write(path);
}

template <typename T>
void load_checkpoint(const std::filesystem::path& path, train::Trainer<T>& trainer) {
  restore_checkpoint(SafetensorsFile::read(path), trainer);
}

#define ELMAN_INSTANTIATE(T)                                                                \
  template SafetensorsFile checkpoint_to_safetensors(train::Trainer<T>&);                  \
  template void restore_checkpoint(const SafetensorsFile&, train::Trainer<T>&);            \
  template void save_checkpoint(const std::filesystem::path&, train::Trainer<T>&);         \
  template void load_checkpoint(const std::filesystem::path&, train::Trainer<T>&);
ELMAN_INSTANTIATE(float)
ELMAN_INSTANTIATE(double)
#undef ELMAN_INSTANTIATE

}  // namespace elman::io
