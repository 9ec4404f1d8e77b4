// elman inspect FILE [--json]: the tensors (name, dtype, shape; min/max/mean of float tensors) and the metadata of a
// safetensors file, sorted by name. Reading validates the whole file, so a malformed one is a one-line error.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "commands.hpp"
#include "elman/io/safetensors.hpp"

namespace elman::cli {
namespace {

struct InspectOptions {
  std::string file;
  bool json = false;
};

struct Summary {
  double min = 0.0, max = 0.0, mean = 0.0;  // NaN in all three when any value is NaN
};

// Statistics of a non-empty float tensor, computed in double whatever its dtype.
std::optional<Summary> summarize(const io::SafetensorsFile& file, const std::string& name) {
  const io::StoredTensor& stored = file.at(name);
  if (!io::is_float_dtype(stored.dtype)) return std::nullopt;
  const Tensor<double> values = file.get<double>(name);
  if (values.empty()) return std::nullopt;
  Summary summary{values[0], values[0], 0.0};
  double sum = 0.0;
  for (const double v : values.span()) {
    if (std::isnan(v)) {
      const double nan = std::numeric_limits<double>::quiet_NaN();
      return Summary{nan, nan, nan};
    }
    summary.min = std::min(summary.min, v);
    summary.max = std::max(summary.max, v);
    sum += v;
  }
  summary.mean = sum / double(values.numel());
  return summary;
}

void print_text(const io::SafetensorsFile& file) {
  fmt::print("{}: {} tensors\n", file.source(), file.tensors().size());
  if (!file.metadata().empty()) {
    fmt::print("metadata:\n");
    for (const auto& [key, value] : file.metadata()) fmt::print("  {} = {}\n", key, value);
  }
  std::size_t name_width = 0, shape_width = 0;
  for (const auto& [name, stored] : file.tensors()) {
    name_width = std::max(name_width, name.size());
    shape_width = std::max(shape_width, to_string(stored.shape).size());
  }
  if (!file.tensors().empty()) fmt::print("tensors:\n");
  for (const auto& [name, stored] : file.tensors()) {
    std::string line = fmt::format("  {:<{}}  {:<4}  {:<{}}", name, name_width, io::dtype_name(stored.dtype),
                                   to_string(stored.shape), shape_width);
    if (const auto s = summarize(file, name))
      line += fmt::format("  min {:.6g}  max {:.6g}  mean {:.6g}", s->min, s->max, s->mean);
    line.erase(line.find_last_not_of(' ') + 1);
    fmt::print("{}\n", line);
  }
}

void print_json(const io::SafetensorsFile& file) {
  nlohmann::ordered_json tensors = nlohmann::ordered_json::array();
  for (const auto& [name, stored] : file.tensors()) {
    nlohmann::ordered_json entry = {{"name", name}, {"dtype", io::dtype_name(stored.dtype)}, {"shape", stored.shape}};
    // JSON has no NaN; nlohmann writes it as null.
    if (const auto s = summarize(file, name)) entry.update({{"min", s->min}, {"max", s->max}, {"mean", s->mean}});
    tensors.push_back(std::move(entry));
  }
  const nlohmann::ordered_json document = {
      {"file", file.source()}, {"metadata", file.metadata()}, {"tensors", std::move(tensors)}};
  fmt::print("{}\n", document.dump(2));
}

}  // namespace

void add_inspect_command(CLI::App& app) {
  auto options = std::make_shared<InspectOptions>();
  CLI::App* command =
      app.add_subcommand("inspect", "List a safetensors file's tensors (dtype, shape, statistics) and metadata");
  command->add_option("file", options->file, "The safetensors file")->required();
  command->add_flag("--json", options->json, "Print a JSON document instead of a table");
  command->callback([options] {
    const auto file = io::SafetensorsFile::read(options->file);
    if (options->json)
      print_json(file);
    else
      print_text(file);
  });
}

}  // namespace elman::cli
