#pragma once
// Training checkpoints: everything a Trainer needs to continue bit-identically, in ONE safetensors file.
// Tensors: "model.<param>" (the weights), "optimizer.<state>.<param>" ("optimizer.adam.exp_avg.rnn.weight_ih_l0")
// and "best.<param>" (early stopping's best weights, when recorded). __metadata__: the model configuration
// (sequence_model_file's keys), "format": "elman-checkpoint", "optimizer" (its name) and
// "optimizer.scalar.<name>", "schedule.<name>", "plateau.<name>", and "trainer.*" (epoch, batch, early-stopping
// counters, and "trainer.rng": the mt19937_64 engine's state as operator<< writes it).
// Numbers are written in the shortest form that reads back to the same double (fmt's "{}").
#include <filesystem>

#include "elman/io/safetensors.hpp"
#include "elman/train/trainer.hpp"

namespace elman::io {

template <typename T>
SafetensorsFile checkpoint_to_safetensors(train::Trainer<T>& trainer);
// Restores into a trainer built like the one saved (same model configuration, optimizer kind, schedule and
// plateau present or not); every mismatch names the key or tensor.
template <typename T>
void restore_checkpoint(const SafetensorsFile& file, train::Trainer<T>& trainer);

// checkpoint_to_safetensors, written atomically (a crash mid-save leaves the previous checkpoint).
template <typename T>
void save_checkpoint(const std::filesystem::path& path, train::Trainer<T>& trainer);
template <typename T>
void load_checkpoint(const std::filesystem::path& path, train::Trainer<T>& trainer);

}  // namespace elman::io
