// `elman inspect`, driven as a user runs it: exit status, stdout and stderr of build/elman.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/run_tool.hpp"
#include "io/temp_folder.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(ELMAN_SOURCE_DIR) / "tests" / "fixtures" / "safetensors";

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

elman::testing::ToolRun run_inspect(std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), "inspect");
  return elman::testing::run_tool(arguments);
}

// Each test has a folder of its own, removed when it ends.
class InspectCommand : public ::testing::Test {
 protected:
  fs::path scratch_folder() const { return scratch_.path(); }

  fs::path write_bytes(std::string_view header, std::string_view data = {}, std::uint64_t length = ~0ull) const {
    if (length == ~0ull) length = header.size();
    std::string bytes;
    for (int i = 0; i < 8; ++i) bytes += char((length >> (8 * i)) & 0xFF);
    bytes.append(header).append(data);
    const fs::path path = scratch_folder() / "bad.safetensors";
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

 private:
  elman::testing::TempFolder scratch_;
};

// Runs inspect on a malformed file and checks for exit 2, no output and exactly `message` after the path.
void expect_rejected(const fs::path& path, const std::string& message) {
  const auto outcome = run_inspect({path.string()});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_EQ(outcome.out, "");
  EXPECT_EQ(outcome.err, "elman: error: " + path.string() + ": " + message + "\n");
}

TEST_F(InspectCommand, PrintsTensorsSortedByNameWithStatisticsAndMetadata) {
  const fs::path file = kFixtures / "mixed.safetensors";
  const auto outcome = run_inspect({file.string()});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out, file.string() +
                             ": 4 tensors\n"
                             "metadata:\n"
                             "  hidden_size = 64\n"
                             "  mode = LSTM\n"
                             "tensors:\n"
                             "  a32   F32   (2,)  min 1  max 2  mean 1.5\n"
                             "  half  F16   (1,)  min 2  max 2  mean 2\n"
                             "  i     I64   (2,)\n"
                             "  z64   F64   (1,)  min 7  max 7  mean 7\n");
}

TEST_F(InspectCommand, ListsZeroRankAndEmptyTensors) {
  const fs::path file = kFixtures / "scalar_and_empty.safetensors";
  const auto outcome = run_inspect({file.string()});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out, file.string() +
                             ": 3 tensors\n"
                             "metadata:\n"
                             "  note = 0-rank and empty\n"
                             "tensors:\n"
                             "  e   F32   (0,)\n"
                             "  e2  F64   (2, 0)\n"
                             "  s   F32   ()      min 1.5  max 1.5  mean 1.5\n");
}

TEST_F(InspectCommand, PrintsAMachineReadableFormWithJson) {
  const fs::path file = kFixtures / "f32.safetensors";
  const auto outcome = run_inspect({"--json", file.string()});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const auto document = nlohmann::json::parse(outcome.out);
  EXPECT_EQ(document["file"], file.string());
  EXPECT_EQ(document["metadata"], (nlohmann::json{{"format", "pt"}}));
  ASSERT_EQ(document["tensors"].size(), 2u);
  const auto& bias = document["tensors"][0];
  EXPECT_EQ(bias["name"], "bias");
  EXPECT_EQ(bias["dtype"], "F32");
  EXPECT_EQ(bias["shape"], (nlohmann::json{3}));
  EXPECT_EQ(bias["min"], -0.125);
  EXPECT_EQ(bias["max"], 3.0);
  EXPECT_EQ(bias["mean"], (0.25 - 0.125 + 3.0) / 3);
  EXPECT_EQ(document["tensors"][1]["name"], "weight");
  EXPECT_EQ(document["tensors"][1]["shape"], (nlohmann::json{2, 3}));
}

TEST_F(InspectCommand, RejectsAMissingFile) {
  const fs::path path = scratch_folder() / "absent.safetensors";
  expect_rejected(path, "cannot open: No such file or directory");
}

TEST_F(InspectCommand, RejectsATruncatedFile) {
  const std::string whole = slurp(kFixtures / "f32.safetensors");
  const fs::path path = scratch_folder() / "truncated.safetensors";
  std::ofstream(path, std::ios::binary) << whole.substr(0, 20);
  expect_rejected(path, "header length 152 runs past the end of the file (20 bytes)");
}

TEST_F(InspectCommand, RejectsAnAbsurdHeaderLength) {
  expect_rejected(write_bytes("{}", "", 1ull << 40),
                  "header length 1099511627776 exceeds the limit of 100000000 bytes");
}

TEST_F(InspectCommand, RejectsInvalidJson) {
  expect_rejected(write_bytes("{\"a\" 1}"),
                  "header is not valid JSON: parse error at line 1, column 6: syntax error while parsing object "
                  "separator - unexpected number literal; expected ':'");
}

TEST_F(InspectCommand, RejectsOffsetsPastTheEnd) {
  expect_rejected(write_bytes(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", "abcd"),
                  "tensor 'w': data_offsets [0, 8] lie past the end of the data area (4 bytes)");
}

TEST_F(InspectCommand, RejectsOverlappingTensors) {
  expect_rejected(write_bytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                              R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                              std::string(8, '\0')),
                  "tensor 'b': data_offsets [4, 8] overlap tensor 'a' at [0, 8]");
}

TEST_F(InspectCommand, RejectsAHoleBetweenTensors) {
  expect_rejected(write_bytes(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                              R"("b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
                              std::string(12, '\0')),
                  "tensor 'b': data_offsets [8, 12] leave a hole: bytes [4, 8) belong to no tensor");
}

TEST_F(InspectCommand, RejectsAnUnknownDtype) {
  expect_rejected(write_bytes(R"({"w":{"dtype":"Q8","shape":[4],"data_offsets":[0,4]}})", "abcd"),
                  "tensor 'w': unknown dtype 'Q8'");
}

TEST_F(InspectCommand, RejectsAShapeNotMatchingTheByteLength) {
  expect_rejected(
      write_bytes(R"({"weight_ih_l0":{"dtype":"F32","shape":[4,5],"data_offsets":[0,96]}})", std::string(96, '\0')),
      "tensor 'weight_ih_l0': data_offsets [0, 96] hold 96 bytes but shape (4, 5) of F32 needs 80");
}

TEST_F(InspectCommand, RejectsADuplicateName) {
  expect_rejected(write_bytes(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                              R"("a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                              std::string(8, '\0')),
                  "'a' appears twice in the header");
}

TEST_F(InspectCommand, RejectsMetadataThatIsNotStrings) {
  expect_rejected(write_bytes(R"({"__metadata__":{"bias":true}})"),
                  "__metadata__: value of 'bias' must be a string, got boolean true");
}

}  // namespace
