// Corrupted safetensors and model files: thousands of mutations of valid ones (tests/io/mutations.hpp) each either
// read or fail with one elman::Error line; none crashes (the sanitizer build runs them too) or throws anything else.
#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "elman/io/model_file.hpp"
#include "elman/io/safetensors.hpp"
#include "elman/io/sequence_model_file.hpp"
#include "io/mutations.hpp"
#include "io/temp_folder.hpp"

namespace {

using elman::io::SafetensorsFile;
using elman::testing::mutation_cases;
using elman::testing::run_mutations;

std::string fixture(const std::string& relative) {
  const std::string bytes = elman::testing::read(std::filesystem::path(ELMAN_SOURCE_DIR) / "tests/fixtures" / relative);
  if (bytes.empty()) throw std::runtime_error("missing fixture " + relative);
  return bytes;
}

// Everything a reader of the file may do with it: every tensor as float and double where it is a float tensor.
void read_every_tensor(const SafetensorsFile& file) {
  for (const auto& name : file.names()) {
    if (!elman::io::is_float_dtype(file.at(name).dtype)) continue;
    (void)file.get<float>(name);
    (void)file.get<double>(name);
  }
}

TEST(CorruptedFiles, SafetensorsFilesReadOrFailWithOneLine) {
  for (const char* name : {"safetensors/f32.safetensors", "safetensors/mixed.safetensors",
                           "safetensors/bf16.safetensors", "safetensors/scalar_and_empty.safetensors"}) {
    const auto summary = run_mutations(fixture(name), mutation_cases(1500), 1, [](const std::string& bytes) {
      read_every_tensor(SafetensorsFile::parse(bytes, "corrupted.safetensors"));
    });
    EXPECT_EQ(summary.first_bad, "") << name;
    EXPECT_GT(summary.rejected, 0u) << name;
  }
}

TEST(CorruptedFiles, RecurrentModelFilesLoadOrFailWithOneLine) {
  for (const char* name : {"torch_models/lstm_plain.safetensors", "torch_models/rnn_relu.safetensors",
                           "safetensors/torch_lstm_f64.safetensors"}) {
    const auto summary = run_mutations(fixture(name), mutation_cases(1500), 2, [](const std::string& bytes) {
      const auto file = SafetensorsFile::parse(bytes, "corrupted.safetensors");
      if (elman::io::model_dtype(file) == elman::io::Dtype::kF64) {
        (void)elman::io::load_model<double>(file);
      } else {
        (void)elman::io::load_model<float>(file);
      }
    });
    EXPECT_EQ(summary.first_bad, "") << name;
    EXPECT_GT(summary.read, 0u) << name;
    EXPECT_GT(summary.rejected, 0u) << name;
  }
}

TEST(CorruptedFiles, SequenceModelFilesLoadOrFailWithOneLine) {
  for (const char* name :
       {"sequence_model/gru_last_bf.model.safetensors", "sequence_model/lstm_every_tm.model.safetensors",
        "sequence_model/rnn_last_bi.model.safetensors"}) {
    const auto summary = run_mutations(fixture(name), mutation_cases(1500), 3, [](const std::string& bytes) {
      (void)elman::io::load_sequence_model<float>(SafetensorsFile::parse(bytes, "corrupted.safetensors"));
    });
    EXPECT_EQ(summary.first_bad, "") << name;
    EXPECT_GT(summary.read, 0u) << name;
    EXPECT_GT(summary.rejected, 0u) << name;
  }
}

}  // namespace
