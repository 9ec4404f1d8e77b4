#include "elman/io/safetensors.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "elman/core/error.hpp"
#include "io/temp_folder.hpp"

namespace elman::io {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(ELMAN_SOURCE_DIR) / "tests" / "fixtures" / "safetensors";

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A safetensors file from a header text and a data area: the 8-byte little-endian length, then both.
std::string file_bytes(std::string_view header, std::string_view data = {}, std::uint64_t length = ~0ull) {
  if (length == ~0ull) length = header.size();
  std::string bytes;
  for (int i = 0; i < 8; ++i) bytes += char((length >> (8 * i)) & 0xFF);
  return bytes.append(header).append(data);
}

// The message parsing `bytes` as "model.safetensors" fails with ("" when it does not fail).
std::string parse_error(const std::string& bytes) {
  try {
    SafetensorsFile::parse(bytes, "model.safetensors");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Safetensors, RoundTripsF32AndF64TensorsWithMetadata) {
  SafetensorsFile file;
  file.set("weight", Tensor<float>({2, 2}, std::vector<float>{1.5f, -2.0f, 0.1f, 3e-38f}));
  file.set("bias", Tensor<double>({3}, std::vector<double>{0.1, -1e300, 5e-324}));
  file.set("scalar", Tensor<double>({}, std::vector<double>{42.0}));
  file.metadata() = {{"mode", "LSTM"}, {"hidden_size", "64"}};
  const elman::testing::TempFolder scratch;
  const fs::path path = scratch.path() / "model.safetensors";
  file.write(path);

  const auto back = SafetensorsFile::read(path);
  EXPECT_EQ(back.names(), (std::vector<std::string>{"bias", "scalar", "weight"}));
  EXPECT_EQ(back.metadata(), file.metadata());
  EXPECT_EQ(back.at("weight").dtype, Dtype::kF32);
  EXPECT_EQ(back.get<float>("weight").span()[2], 0.1f);
  EXPECT_EQ(back.get<float>("weight").shape(), (Shape{2, 2}));
  const auto bias = back.get<double>("bias");
  EXPECT_EQ(std::vector<double>(bias.span().begin(), bias.span().end()), (std::vector<double>{0.1, -1e300, 5e-324}));
  EXPECT_EQ(back.get<double>("scalar").shape(), Shape{});
  EXPECT_EQ(back.get<double>("scalar")[0], 42.0);
  EXPECT_EQ(back.serialize(), file.serialize());
}

TEST(Safetensors, PadsTheHeaderWithSpacesToAMultipleOfEightBytes) {
  SafetensorsFile file;
  file.set("a", Tensor<float>({1}, 1.0f));
  const std::string bytes = file.serialize();
  const std::string header = R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
  ASSERT_EQ(header.size(), 54u);
  EXPECT_EQ(bytes, file_bytes(header + "  ", std::string("\0\0\x80\x3f", 4)));
}

TEST(Safetensors, OrdersTensorsByDescendingDtypeThenName) {
  SafetensorsFile file;
  file.set("b32", Tensor<float>({1}, 1.0f));
  file.set("a32", Tensor<float>({1}, 2.0f));
  file.set("z64", Tensor<double>({1}, 3.0));
  const std::string bytes = file.serialize();
  EXPECT_LT(bytes.find("\"z64\""), bytes.find("\"a32\""));
  EXPECT_LT(bytes.find("\"a32\""), bytes.find("\"b32\""));
}

TEST(Safetensors, WritesTheSameBytesAsThePythonPackage) {
  for (const char* name : {"f32", "f64", "scalar_and_empty", "unicode_names"}) {
    const std::string reference = read_bytes(kFixtures / (std::string(name) + ".safetensors"));
    EXPECT_EQ(SafetensorsFile::parse(reference, name).serialize(), reference) << name;
  }
}

TEST(Safetensors, BuildsAFileEqualToThePythonPackagesFromValues) {
  SafetensorsFile file;
  file.set("weight", Tensor<float>({2, 3}, std::vector<float>{-1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.5f}));
  file.set("bias", Tensor<float>({3}, std::vector<float>{0.25f, -0.125f, 3.0f}));
  file.metadata()["format"] = "pt";
  EXPECT_EQ(file.serialize(), read_bytes(kFixtures / "f32.safetensors"));
}

TEST(Safetensors, ReadsF32FileWrittenByThePythonPackage) {
  const auto file = SafetensorsFile::read(kFixtures / "f32.safetensors");
  EXPECT_EQ(file.metadata(), (Metadata{{"format", "pt"}}));
  const auto weight = file.get<float>("weight");
  EXPECT_EQ(weight.shape(), (Shape{2, 3}));
  EXPECT_EQ(std::vector<float>(weight.span().begin(), weight.span().end()),
            (std::vector<float>{-1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.5f}));
  const auto bias = file.get<double>("bias");
  EXPECT_EQ(std::vector<double>(bias.span().begin(), bias.span().end()), (std::vector<double>{0.25, -0.125, 3.0}));
}

TEST(Safetensors, ReadsF64FileWithoutMetadata) {
  const auto file = SafetensorsFile::read(kFixtures / "f64.safetensors");
  EXPECT_TRUE(file.metadata().empty());
  const auto x = file.get<double>("x");
  EXPECT_EQ(x.shape(), (Shape{2, 2}));
  EXPECT_EQ(std::vector<double>(x.span().begin(), x.span().end()), (std::vector<double>{0.1, -2.5, 1e-300, 3.0}));
  EXPECT_EQ(file.get<float>("x")[0], 0.1f);
}

TEST(Safetensors, ConvertsF16IncludingSubnormalsSignedZeroAndInfinity) {
  const auto h = SafetensorsFile::read(kFixtures / "f16.safetensors").get<float>("h");
  ASSERT_EQ(h.shape(), (Shape{6}));
  EXPECT_EQ(h[0], 0.5f);
  EXPECT_EQ(h[1], -1.25f);
  EXPECT_EQ(h[2], 65504.0f);
  EXPECT_EQ(h[3], std::ldexp(1.0f, -24));
  EXPECT_EQ(h[4], 0.0f);
  EXPECT_TRUE(std::signbit(h[4]));
  EXPECT_EQ(h[5], std::numeric_limits<float>::infinity());
}

TEST(Safetensors, ConvertsBF16) {
  const auto b = SafetensorsFile::read(kFixtures / "bf16.safetensors").get<double>("b");
  EXPECT_EQ(std::vector<double>(b.span().begin(), b.span().end()),
            (std::vector<double>{1.0, -3.140625, std::ldexp(1.0, 100)}));
}

TEST(Safetensors, ReadsZeroRankAndEmptyTensors) {
  const auto file = SafetensorsFile::read(kFixtures / "scalar_and_empty.safetensors");
  EXPECT_EQ(file.get<float>("s").shape(), Shape{});
  EXPECT_EQ(file.get<float>("s")[0], 1.5f);
  EXPECT_EQ(file.get<float>("e").shape(), (Shape{0}));
  EXPECT_EQ(file.get<double>("e2").shape(), (Shape{2, 0}));
  EXPECT_EQ(file.get<double>("e2").numel(), 0);
}

TEST(Safetensors, KeepsOtherDtypesAsRawBytesAndRefusesThemAsFloats) {
  const auto file = SafetensorsFile::read(kFixtures / "mixed.safetensors");
  EXPECT_EQ(file.names(), (std::vector<std::string>{"a32", "half", "i", "z64"}));
  EXPECT_EQ(file.metadata(), (Metadata{{"hidden_size", "64"}, {"mode", "LSTM"}}));
  const StoredTensor& i = file.at("i");
  EXPECT_EQ(i.dtype, Dtype::kI64);
  std::int64_t values[2];
  std::memcpy(values, i.bytes.data(), sizeof values);
  EXPECT_EQ(values[0], -3);
  EXPECT_EQ(values[1], 4);
  EXPECT_EQ(file.get<float>("half")[0], 2.0f);
  try {
    file.get<float>("i");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), (kFixtures / "mixed.safetensors")
                               .string()
                               .append(": tensor 'i' has dtype I64, expected a float tensor (F32, F64, F16 or BF16)")
                               .c_str());
  }
}

TEST(Safetensors, ReadsUtf8NamesAndMetadata) {
  const auto file = SafetensorsFile::read(kFixtures / "unicode_names.safetensors");
  EXPECT_EQ(file.get<float>("ä/ß")[0], 1.0f);
  EXPECT_EQ(file.metadata().at("k"), "é\n\x01");
}

TEST(Safetensors, NamesTheMissingTensor) {
  const auto file = SafetensorsFile::parse(file_bytes("{}      "), "model.safetensors");
  EXPECT_THROW(
      {
        try {
          file.get<float>("weight_ih_l0");
        } catch (const Error& e) {
          EXPECT_STREQ(e.what(), "model.safetensors: no tensor named 'weight_ih_l0'");
          throw;
        }
      },
      Error);
}

TEST(Safetensors, RefusesToWriteIntoAMissingFolderAndLeavesNothing) {
  const elman::testing::TempFolder scratch;
  const fs::path folder = scratch.path();
  SafetensorsFile file;
  file.set("a", Tensor<float>({1}, 1.0f));
  EXPECT_THROW(file.write(folder / "missing" / "model.safetensors"), Error);
  EXPECT_TRUE(fs::is_empty(folder));
}

TEST(Safetensors, RefusesTheReservedMetadataNameForATensor) {
  SafetensorsFile file;
  EXPECT_THROW(file.set("__metadata__", Tensor<float>({1}, 1.0f)), Error);
}

TEST(Safetensors, NamesTheFileThatCannotBeOpened) {
  const elman::testing::TempFolder scratch;
  const fs::path path = scratch.path() / "absent.safetensors";
  try {
    SafetensorsFile::read(path);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), path.string() + ": cannot open: No such file or directory");
  }
}

// ---- Malformed files: one test per case, each with its exact message. ----

TEST(SafetensorsMalformed, FileShorterThanTheHeaderLength) {
  EXPECT_EQ(parse_error("abc"), "model.safetensors: file is 3 bytes, too short for the 8-byte header length");
}

TEST(SafetensorsMalformed, HeaderLengthOverTheLimit) {
  EXPECT_EQ(parse_error(file_bytes("{}", "", 100'000'001)),
            "model.safetensors: header length 100000001 exceeds the limit of 100000000 bytes");
}

TEST(SafetensorsMalformed, AbsurdHeaderLengthIsRefusedBeforeAllocating) {
  EXPECT_EQ(parse_error(file_bytes("{}", "", ~0ull - 1)),
            "model.safetensors: header length 18446744073709551614 exceeds the limit of 100000000 bytes");
}

TEST(SafetensorsMalformed, HeaderLengthPastTheEndOfTheFile) {
  EXPECT_EQ(parse_error(file_bytes("{}", "", 100)),
            "model.safetensors: header length 100 runs past the end of the file (10 bytes)");
}

TEST(SafetensorsMalformed, ATextFileIsNotASafetensorsFile) {
  EXPECT_EQ(parse_error("date,elec-prod\r\n1/1/1985,72.5052\r\n"),
            "model.safetensors: not a safetensors file: it begins with \"date,elec-prod\\x0d\\x0a\", where a "
            "safetensors file begins with an 8-byte header length and then '{'");
  EXPECT_EQ(parse_error("12345678"),
            "model.safetensors: not a safetensors file: it begins with \"12345678\", where a safetensors file "
            "begins with an 8-byte header length and then '{'");
}

TEST(SafetensorsMalformed, TruncatedFileFromDisk) {
  const std::string whole = read_bytes(kFixtures / "f32.safetensors");
  const elman::testing::TempFolder scratch;
  const fs::path path = scratch.path() / "model.safetensors";
  std::ofstream(path, std::ios::binary) << whole.substr(0, whole.size() - 4);
  try {
    SafetensorsFile::read(path);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              path.string() + ": tensor 'weight': data_offsets [12, 36] lie past the end of the data area (32 bytes)");
  }
}

TEST(SafetensorsMalformed, HeaderNotBeginningWithABrace) {
  EXPECT_EQ(parse_error(file_bytes(" {}     ")), "model.safetensors: header does not begin with '{'");
}

TEST(SafetensorsMalformed, EmptyHeader) {
  EXPECT_EQ(parse_error(file_bytes("")), "model.safetensors: header does not begin with '{'");
}

TEST(SafetensorsMalformed, HeaderNotUtf8) {
  EXPECT_EQ(parse_error(file_bytes("{\"a\xff\":1}")),
            "model.safetensors: header is not valid UTF-8 (byte 3 of the header)");
}

TEST(SafetensorsMalformed, HeaderNotJson) {
  EXPECT_EQ(parse_error(file_bytes("{\"a\": ")),
            "model.safetensors: header is not valid JSON: parse error at line 1, column 7: syntax error while parsing "
            "value - unexpected end of input; expected '[', '{', or a literal");
}

// nlohmann::json reports a number past double's range as out_of_range, not as a parse_error.
TEST(SafetensorsMalformed, HeaderWithANumberPastDoublesRange) {
  EXPECT_EQ(parse_error(file_bytes(R"({"w":{"dtype":"F32","shape":[1E312],"data_offsets":[0,4]}})")),
            "model.safetensors: header is not valid JSON: number overflow parsing '1E312'");
}

TEST(SafetensorsMalformed, HeaderPaddedWithSomethingOtherThanSpaces) {
  EXPECT_EQ(parse_error(file_bytes(std::string("{}\0\0\0\0\0\0", 8))),
            "model.safetensors: header is not valid JSON: NUL byte at byte 2 of the header (padding must be spaces)");
}

TEST(SafetensorsMalformed, EntryThatIsNotAnObject) {
  EXPECT_EQ(parse_error(file_bytes(R"({"w":[1,2]})")),
            "model.safetensors: tensor 'w': entry must be an object, got array");
}

TEST(SafetensorsMalformed, EntryWithoutDtype) {
  EXPECT_EQ(parse_error(file_bytes(R"({"w":{"shape":[1],"data_offsets":[0,4]}})", "abcd")),
            "model.safetensors: tensor 'w': missing field 'dtype'");
}

TEST(SafetensorsMalformed, EntryWithoutShape) {
  EXPECT_EQ(parse_error(file_bytes(R"({"w":{"dtype":"F32","data_offsets":[0,4]}})", "abcd")),
            "model.safetensors: tensor 'w': missing field 'shape'");
}

TEST(SafetensorsMalformed, EntryWithoutDataOffsets) {
  EXPECT_EQ(parse_error(file_bytes(R"({"w":{"dtype":"F32","shape":[1]}})", "abcd")),
            "model.safetensors: tensor 'w': missing field 'data_offsets'");
}

TEST(SafetensorsMalformed, DtypeThatIsNotAString) {
  EXPECT_EQ(parse_error(file_bytes(R"({"w":{"dtype":32,"shape":[1],"data_offsets":[0,4]}})", "abcd")),
            "model.safetensors: tensor 'w': dtype must be a string, got 32");
}

TEST(SafetensorsMalformed, UnknownDtype) {
  EXPECT_EQ(parse_error(file_bytes(R"({"w":{"dtype":"F128","shape":[1],"data_offsets":[0,16]}})", "abcd")),
            "model.safetensors: tensor 'w': unknown dtype 'F128'");
}

TEST(SafetensorsMalformed, ShapeThatIsNotAnArray) {
  EXPECT_EQ(parse_error(file_bytes(R"({"w":{"dtype":"F32","shape":"4","data_offsets":[0,4]}})", "abcd")),
            "model.safetensors: tensor 'w': shape must be an array of non-negative integers, got \"4\"");
}

TEST(SafetensorsMalformed, NegativeDimension) {
  EXPECT_EQ(parse_error(file_bytes(R"({"w":{"dtype":"F32","shape":[2,-1],"data_offsets":[0,4]}})", "abcd")),
            "model.safetensors: tensor 'w': shape [2,-1] must hold non-negative integers, got -1");
}

TEST(SafetensorsMalformed, NonIntegerDimension) {
  EXPECT_EQ(parse_error(file_bytes(R"({"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}})", "abcd")),
            "model.safetensors: tensor 'w': shape [1.5] must hold non-negative integers, got 1.5");
}

TEST(SafetensorsMalformed, ShapeWhoseSizeOverflows) {
  EXPECT_EQ(
      parse_error(file_bytes(R"({"w":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,4]}})", "abcd")),
      "model.safetensors: tensor 'w': shape (4294967296, 4294967296) of F64 is not a whole number of bytes "
      "that fits in 64 bits");
}

TEST(SafetensorsMalformed, DataOffsetsOfTheWrongForm) {
  EXPECT_EQ(parse_error(file_bytes(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}})", "abcd")),
            "model.safetensors: tensor 'w': data_offsets must be [BEGIN, END] with non-negative integers, got [0,4,8]");
}

TEST(SafetensorsMalformed, DataOffsetsEndingBeforeTheyBegin) {
  EXPECT_EQ(parse_error(file_bytes(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}})", "abcd")),
            "model.safetensors: tensor 'w': data_offsets [4, 0] end before they begin");
}

TEST(SafetensorsMalformed, ByteLengthNotMatchingTheShape) {
  EXPECT_EQ(parse_error(file_bytes(R"({"weight_ih_l0":{"dtype":"F32","shape":[4,5],"data_offsets":[0,96]}})",
                                   std::string(96, '\0'))),
            "model.safetensors: tensor 'weight_ih_l0': data_offsets [0, 96] hold 96 bytes but shape (4, 5) of F32 "
            "needs 80");
}

TEST(SafetensorsMalformed, OffsetsPastTheEndOfTheData) {
  EXPECT_EQ(parse_error(file_bytes(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", "abcd")),
            "model.safetensors: tensor 'w': data_offsets [0, 8] lie past the end of the data area (4 bytes)");
}

TEST(SafetensorsMalformed, OverlappingTensors) {
  EXPECT_EQ(parse_error(file_bytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                   R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                                   std::string(12, '\0'))),
            "model.safetensors: tensor 'b': data_offsets [4, 12] overlap tensor 'a' at [0, 8]");
}

TEST(SafetensorsMalformed, HoleBetweenTensors) {
  EXPECT_EQ(parse_error(file_bytes(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                                   R"("b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
                                   std::string(12, '\0'))),
            "model.safetensors: tensor 'b': data_offsets [8, 12] leave a hole: bytes [4, 8) belong to no tensor");
}

TEST(SafetensorsMalformed, BytesAfterTheLastTensor) {
  EXPECT_EQ(parse_error(file_bytes(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", std::string(6, '\0'))),
            "model.safetensors: the data area holds 6 bytes but the tensors cover only [0, 4): bytes [4, 6) belong to "
            "no tensor");
}

TEST(SafetensorsMalformed, DuplicateTensorName) {
  EXPECT_EQ(parse_error(file_bytes(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                                   R"("a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                                   std::string(8, '\0'))),
            "model.safetensors: 'a' appears twice in the header");
}

TEST(SafetensorsMalformed, DuplicateFieldInAnEntry) {
  EXPECT_EQ(parse_error(file_bytes(R"({"a":{"dtype":"F32","dtype":"F64","shape":[1],"data_offsets":[0,4]}})",
                                   std::string(4, '\0'))),
            "model.safetensors: tensor 'a': field 'dtype' appears twice");
}

TEST(SafetensorsMalformed, MetadataThatIsNotAnObject) {
  EXPECT_EQ(parse_error(file_bytes(R"({"__metadata__":["a"]})")),
            "model.safetensors: __metadata__ must be an object of strings, got array");
}

TEST(SafetensorsMalformed, MetadataValueThatIsNotAString) {
  EXPECT_EQ(parse_error(file_bytes(R"({"__metadata__":{"hidden_size":64}})")),
            "model.safetensors: __metadata__: value of 'hidden_size' must be a string, got number 64");
}

TEST(SafetensorsMalformed, DuplicateMetadataKey) {
  EXPECT_EQ(parse_error(file_bytes(R"({"__metadata__":{"k":"1","k":"2"}})")),
            "model.safetensors: __metadata__: key 'k' appears twice");
}

}  // namespace
}  // namespace elman::io
