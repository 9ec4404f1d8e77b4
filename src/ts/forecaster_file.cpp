// The forecaster's file: a SequenceModel safetensors file (io/sequence_model_file.hpp, so the network alone also
// loads in PyTorch and in `elman run`) whose __metadata__ also carries everything else the forecast needs.
#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "elman/core/error.hpp"
#include "elman/io/sequence_model_file.hpp"
#include "forecaster_parts.hpp"

namespace elman::ts {
namespace {

constexpr std::string_view kFormat = "1";

// Shortest text that reads back to the same double.
std::string number_text(double value) { return fmt::format("{}", value); }

std::string join(const std::vector<double>& values) {
  std::string out;
  for (double v : values) out += (out.empty() ? "" : ",") + number_text(v);
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

class MetadataReader {
 public:
  MetadataReader(const io::Metadata& metadata, std::string source) : metadata_(metadata), source_(std::move(source)) {}

  const std::string& text(const std::string& key) const {
    const auto it = metadata_.find(key);
    if (it == metadata_.end())
      fail("{}: __metadata__ has no '{}': expected a file written by elman train", source_, key);
    return it->second;
  }
  double number(const std::string& key) const {
    const std::string& t = text(key);
    double value = 0.0;
    const auto [end, error] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (error != std::errc{} || end != t.data() + t.size() || !std::isfinite(value))
      fail("{}: __metadata__ '{}': expected a number, got '{}'", source_, key, t);
    return value;
  }
  std::int64_t integer(const std::string& key) const {
    const double value = number(key);
    if (value != std::floor(value) || value < 0 || value > 1e15)
      fail("{}: __metadata__ '{}': expected a non-negative whole number, got '{}'", source_, key, text(key));
    return std::int64_t(value);
  }
  bool flag(const std::string& key) const {
    const std::string& t = text(key);
    if (t != "true" && t != "false") fail("{}: __metadata__ '{}': expected true or false, got '{}'", source_, key, t);
    return t == "true";
  }
  std::vector<double> numbers(const std::string& key) const {
    std::vector<double> out;
    const std::string& t = text(key);
    for (std::size_t begin = 0; begin <= t.size();) {
      const std::size_t end = std::min(t.find(',', begin), t.size());
      double value = 0.0;
      const auto [stop, error] = std::from_chars(t.data() + begin, t.data() + end, value);
      if (error != std::errc{} || stop != t.data() + end || !std::isfinite(value) || value < 0)
        fail("{}: __metadata__ '{}': expected comma-separated non-negative numbers, got '{}'", source_, key, t);
      out.push_back(value);
      begin = end + 1;
    }
    return out;
  }
  // Wraps a parse_* function's error with the file and key.
  template <typename F>
  auto parsed(const std::string& key, F parse) const {
    try {
      return parse(text(key));
    } catch (const Error& e) {
      fail("{}: __metadata__ '{}': {}", source_, key, e.what());
    }
  }

 private:
  const io::Metadata& metadata_;
  std::string source_;
};

}  // namespace

void Forecaster::save(const std::filesystem::path& path) const {
  io::SafetensorsFile file;
  // One network keeps the state_dict names of docs/sequence_model.md; an ensemble prefixes member i with "m<i>.".
  for (std::size_t i = 0; i < networks_.size(); ++i) {
    const io::SafetensorsFile member = io::sequence_model_to_safetensors(networks_[i]);
    if (networks_.size() == 1) file = member;
    const std::string prefix = networks_.size() == 1 ? "" : fmt::format("m{}.", i);
    for (const auto& name : member.names()) {
      const auto& t = member.at(name);
      file.set_raw(prefix + name, t.dtype, t.shape, t.bytes);
    }
  }
  io::Metadata& m = file.metadata();
  const ForecasterOptions& o = options_;
  m["forecaster"] = std::string(kFormat);
  m["cell"] = std::string(nn::mode_name(o.cell));
  m["hidden"] = std::to_string(o.hidden);
  m["layers"] = std::to_string(o.layers);
  m["members"] = std::to_string(o.members);
  m["window_level"] = to_string(o.window_level);
  m["transforms"] = join(*o.transforms);
  m["window"] = std::to_string(o.window);
  m["horizon"] = std::to_string(o.horizon);
  m["stride"] = std::to_string(o.stride);
  m["strategy"] = to_string(o.strategy);
  m["fork_from"] = std::to_string(o.fork_from);
  m["calendar"] = to_string(o.calendar.value_or(CalendarCovariates::None));
  m["epochs"] = std::to_string(o.epochs);
  m["batch_size"] = std::to_string(o.batch_size);
  m["learning_rate"] = number_text(o.learning_rate);
  m["clip_norm"] = number_text(o.clip_norm);
  m["cosine_lr"] = o.cosine_lr ? "true" : "false";
  m["patience"] = std::to_string(o.patience);
  m["seed"] = std::to_string(o.seed);
  m["validation"] = std::to_string(o.validation);
  m["season"] = std::to_string(o.season);
  m["selection"] = to_string(selection_);
  m["hw_trend"] = to_string(hw_spec_.trend);
  m["hw_season"] = to_string(hw_spec_.season);
  m["hw_period"] = std::to_string(hw_spec_.period);
  m["residual_scale"] = join(residual_scale_);
  m["value_column"] = value_name_;
  // How the training CSV was read; entries left at their defaults (detected from the file) are not written.
  const CsvSeriesOptions& csv = read_with_;
  if (csv.delimiter != '\0') m["csv_delimiter"] = std::string(1, csv.delimiter);
  if (csv.decimal != '\0') m["csv_decimal"] = std::string(1, csv.decimal);
  if (csv.thousands) m["csv_thousands"] = std::string(1, csv.thousands);
  if (csv.skip_lines) m["csv_skip_lines"] = std::to_string(*csv.skip_lines);
  if (!csv.date_column.empty()) m["date_column"] = csv.date_column;
  if (!csv.date_format.empty()) m["date_format"] = csv.date_format;
  if (csv.missing != MissingPolicy::Error) m["missing"] = std::string(to_string(csv.missing));
  // One COLUMN=TEXT a line: --where's conditions (a column's name holds no '=' there, a text no line end).
  std::string where;
  for (const auto& [column, text] : csv.where) where += fmt::format("{}{}={}", where.empty() ? "" : "\n", column, text);
  if (!where.empty()) m["csv_where"] = where;
  m["frequency"] = std::string(ts::to_string(frequency_));
  m["training_range"] = training_range_;
  for (const auto& [key, value] : pipeline_.params("transform")) m[key] = value;
  file.write(path);
}

Forecaster Forecaster::load(const std::filesystem::path& path) {
  const io::SafetensorsFile file = io::SafetensorsFile::read(path);
  const std::string source = path.string();
  if (!file.metadata().contains("forecaster"))
    fail(
        "{}: not an elman forecaster (its __metadata__ has no 'forecaster' entry): expected a file written by "
        "elman train",
        source);
  const MetadataReader m(file.metadata(), source);
  if (m.text("forecaster") != kFormat)
    fail("{}: forecaster format '{}': expected '{}' (written by another version of elman)", source,
         m.text("forecaster"), kFormat);
  Forecaster f;
  ForecasterOptions& o = f.options_;
  o.cell = m.parsed("cell", [](const std::string& t) { return nn::parse_mode(t); });
  o.hidden = m.integer("hidden");
  o.layers = m.integer("layers");
  o.members = m.integer("members");
  // Files written before members could read the window's level have no entry: none of theirs did.
  o.window_level = file.metadata().contains("window_level")
                       ? m.parsed("window_level", [](const std::string& t) { return parse_window_level(t); })
                       : WindowLevel::None;
  o.transforms.emplace();
  const std::string& kinds = m.text("transforms");
  for (std::size_t begin = 0; begin < kinds.size();) {
    const std::size_t end = std::min(kinds.find(',', begin), kinds.size());
    o.transforms->push_back(kinds.substr(begin, end - begin));
    begin = end + 1;
  }
  o.window = std::size_t(m.integer("window"));
  o.horizon = std::size_t(m.integer("horizon"));
  o.stride = std::size_t(m.integer("stride"));
  o.strategy = m.parsed("strategy", [](const std::string& t) { return parse_strategy(t); });
  // Files written before forking sequences trained the last step only.
  o.fork_from = file.metadata().contains("fork_from") ? std::size_t(m.integer("fork_from")) : 0;
  // Files written before the hourly calendar inputs say only whether the month of year was an input.
  o.calendar = file.metadata().contains("calendar")
                   ? m.parsed("calendar", [](const std::string& t) { return parse_calendar(t); })
               : m.flag("month_of_year") ? CalendarCovariates::MonthOfYear
                                         : CalendarCovariates::None;
  o.epochs = m.integer("epochs");
  o.batch_size = m.integer("batch_size");
  o.learning_rate = m.number("learning_rate");
  o.clip_norm = m.number("clip_norm");
  o.cosine_lr = m.flag("cosine_lr");
  o.patience = m.integer("patience");
  o.seed = std::uint64_t(m.integer("seed"));
  o.validation = std::size_t(m.integer("validation"));
  o.season = std::size_t(m.integer("season"));
  f.selection_ = m.parsed("selection", [](const std::string& t) { return parse_selection(t); });
  f.hw_spec_.trend = m.parsed("hw_trend", [](const std::string& t) { return parse_trend_kind(t); });
  f.hw_spec_.season = m.parsed("hw_season", [](const std::string& t) { return parse_season_kind(t); });
  // Files written before Holt-Winters could choose its own season on hourly data used the forecaster's.
  f.hw_spec_.period = file.metadata().contains("hw_period") ? std::size_t(m.integer("hw_period")) : o.season;
  if (f.hw_spec_.season != SeasonKind::None && f.hw_spec_.period < 2)
    fail("{}: __metadata__ 'hw_period': expected a season of at least 2 for its {} season, got {}", source,
         to_string(f.hw_spec_.season), f.hw_spec_.period);
  f.value_name_ = m.text("value_column");
  // How the training CSV was read; an entry not written is detected from the history file, as `train` did (files
  // written before these entries read every file with , and ., which detection finds in them).
  CsvSeriesOptions& csv = f.read_with_;
  const auto character = [&](const char* key, char& out) {
    if (!file.metadata().contains(key)) return;
    if (m.text(key).size() != 1)
      fail("{}: __metadata__ '{}': expected one character, got '{}'", source, key, m.text(key));
    out = m.text(key).front();
  };
  character("csv_delimiter", csv.delimiter);
  character("csv_decimal", csv.decimal);
  character("csv_thousands", csv.thousands);
  if (file.metadata().contains("csv_skip_lines")) csv.skip_lines = std::size_t(m.integer("csv_skip_lines"));
  if (file.metadata().contains("date_column")) csv.date_column = m.text("date_column");
  if (file.metadata().contains("date_format")) csv.date_format = m.text("date_format");
  if (file.metadata().contains("missing"))
    csv.missing = m.parsed("missing", [](const std::string& t) { return parse_missing_policy(t); });
  if (file.metadata().contains("csv_where")) {
    const std::string& where = m.text("csv_where");
    for (std::size_t begin = 0; begin <= where.size();) {
      const std::size_t end = std::min(where.find('\n', begin), where.size());
      try {
        csv.where.push_back(parse_where(std::string_view(where).substr(begin, end - begin)));
      } catch (const Error& error) {
        fail("{}: __metadata__ 'csv_where': {}", source, error.what());
      }
      begin = end + 1;
    }
  }
  csv.value_columns = {f.value_name_};
  f.frequency_ = m.parsed("frequency", [](const std::string& t) { return parse_frequency(t); });
  f.training_range_ = m.text("training_range");
  try {
    o.validate();
    f.pipeline_ = Pipeline::from_params(file.metadata(), "transform");
    // The list names the stages whose parameters follow: the window and the rows a forecast reads depend on it.
    // (Holt-Winters alone keeps no stages.)
    if (f.selection_ != Selection::HoltWinters) {
      const Pipeline named = detail::make_pipeline(o);
      bool same = named.size() == f.pipeline_.size() && named.history_needed() == f.pipeline_.history_needed();
      std::vector<std::string> stages;
      for (std::size_t i = 0; i < f.pipeline_.size(); ++i) {
        stages.push_back(f.pipeline_.stage(i).kind());
        same = same && i < named.size() && named.stage(i).kind() == stages.back();
      }
      if (!same)
        fail("__metadata__ 'transforms' is '{}', but the 'transform.*' entries hold {}: expected the two to agree",
             m.text("transforms"), stages.empty() ? "no stage" : "the stages " + join(stages));
    }
  } catch (const Error& e) {
    fail("{}: {}", source, e.what());
  }
  if (f.selection_ == Selection::Auto)
    fail("{}: __metadata__ 'selection': expected network, hw or mean, got 'auto'", source);
  if (f.selection_ != Selection::HoltWinters) {
    f.residual_scale_ = m.numbers("residual_scale");
    if (f.residual_scale_.size() != o.horizon)
      fail("{}: __metadata__ 'residual_scale': expected {} values (one per step of the horizon), got {}", source,
           o.horizon, f.residual_scale_.size());
    for (std::int64_t i = 0; i < o.members; ++i) {
      nn::SequenceModel<float> network(detail::network_config(o));
      io::fill_sequence_model(file, network, o.members == 1 ? "" : fmt::format("m{}.", i));
      f.networks_.push_back(std::move(network));
    }
    // A damaged file (or weights from a diverged run) would otherwise forecast nan without a word.
    for (const auto& name : file.names()) {
      const auto values = file.get<double>(name);
      const auto bad =
          std::find_if(values.span().begin(), values.span().end(), [](double v) { return !std::isfinite(v); });
      if (bad != values.span().end())
        fail("{}: tensor '{}' holds {} at index {}: expected finite weights (the file may be damaged)", source, name,
             *bad, bad - values.span().begin());
    }
  }
  return f;
}

}  // namespace elman::ts
