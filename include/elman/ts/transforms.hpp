#pragma once
// Invertible transforms of a value series, fitted on the training part only. Each transform has
// fit (learn parameters from training values), apply (forward) and invert (back to the original scale), and its
// parameters serialise to a string -> string map so a model file's __metadata__ can carry them
// (make_transform rebuilds one from that map; doubles are written in the shortest text that reads back exactly).
//
// Differencing shortens a series and needs the past to invert: apply(x) returns x[lag..] - x[..n-lag], and
// invert(y, history) needs the last `history_needed()` original-scale values just before y's first value
// (for a forecast: the end of the observed history). Every other transform keeps the length and ignores history.
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace elman::ts {

using TransformParams = std::map<std::string, std::string>;

class Transform {
 public:
  virtual ~Transform() = default;
  // "log", "box_cox", "difference", "standard", "min_max": the "kind" entry of params().
  virtual std::string kind() const = 0;
  virtual void fit(std::span<const double> training) = 0;
  virtual std::vector<double> apply(std::span<const double> values) const = 0;
  virtual std::vector<double> invert(std::span<const double> values, std::span<const double> history = {}) const = 0;
  // How many values apply() drops from the front, and how many past values invert() needs (both the lag for
  // differencing, 0 otherwise).
  virtual std::size_t history_needed() const { return 0; }
  virtual TransformParams params() const = 0;
  virtual std::unique_ptr<Transform> clone() const = 0;
};

// Natural logarithm; apply throws naming the index of the first non-positive value.
class LogTransform final : public Transform {
 public:
  std::string kind() const override { return "log"; }
  void fit(std::span<const double> training) override;
  std::vector<double> apply(std::span<const double> values) const override;
  std::vector<double> invert(std::span<const double> values, std::span<const double> history = {}) const override;
  TransformParams params() const override { return {{"kind", kind()}}; }
  std::unique_ptr<Transform> clone() const override { return std::make_unique<LogTransform>(*this); }
};

// Box-Cox: (x^lambda - 1) / lambda, log x at lambda 0 (Box & Cox 1964). Without a given lambda, fit chooses the
// one maximising the profile log-likelihood -n/2 log(var(y)) + (lambda - 1) sum log x on the training values
// (as scipy.stats.boxcox does), searched in [-2, 2] by golden section to 1e-10.
class BoxCoxTransform final : public Transform {
 public:
  explicit BoxCoxTransform(std::optional<double> lambda = std::nullopt) : lambda_(lambda) {}
  std::string kind() const override { return "box_cox"; }
  void fit(std::span<const double> training) override;
  std::vector<double> apply(std::span<const double> values) const override;
  std::vector<double> invert(std::span<const double> values, std::span<const double> history = {}) const override;
  TransformParams params() const override;
  std::unique_ptr<Transform> clone() const override { return std::make_unique<BoxCoxTransform>(*this); }
  // Throws if neither given nor fitted yet.
  double lambda() const;

 private:
  std::optional<double> lambda_;
};

// x_t - x_{t-lag}: lag 1 removes a trend, lag m (12 for monthly data) a stable season.
class DifferenceTransform final : public Transform {
 public:
  explicit DifferenceTransform(std::size_t lag = 1);
  std::string kind() const override { return "difference"; }
  void fit(std::span<const double> training) override;
  std::vector<double> apply(std::span<const double> values) const override;
  // x_t = y_t + x_{t-lag}, seeded with the last `lag` values of history.
  std::vector<double> invert(std::span<const double> values, std::span<const double> history = {}) const override;
  std::size_t history_needed() const override { return lag_; }
  TransformParams params() const override;
  std::unique_ptr<Transform> clone() const override { return std::make_unique<DifferenceTransform>(*this); }
  std::size_t lag() const { return lag_; }

 private:
  std::size_t lag_;
};

// (x - mean) / sd with the population standard deviation (ddof 0, as sklearn's StandardScaler). Constant training
// values (a deviation within rounding of 0, relative to the mean) are scaled by 1, as sklearn does, so a constant
// series is centred on 0 instead of divided by 0 or by its rounding noise.
class StandardScaler final : public Transform {
 public:
  std::string kind() const override { return "standard"; }
  void fit(std::span<const double> training) override;
  std::vector<double> apply(std::span<const double> values) const override;
  std::vector<double> invert(std::span<const double> values, std::span<const double> history = {}) const override;
  TransformParams params() const override;
  std::unique_ptr<Transform> clone() const override { return std::make_unique<StandardScaler>(*this); }
  double mean() const { return mean_; }
  double sd() const { return sd_; }
  void set(double mean, double sd);

 private:
  bool fitted_ = false;
  double mean_ = 0.0;
  double sd_ = 1.0;
};

// (x - min) / (max - min) into [0, 1] over the training range (later values may fall outside); constant training
// values are scaled by 1 (max = min + 1), as sklearn's MinMaxScaler does.
class MinMaxScaler final : public Transform {
 public:
  std::string kind() const override { return "min_max"; }
  void fit(std::span<const double> training) override;
  std::vector<double> apply(std::span<const double> values) const override;
  std::vector<double> invert(std::span<const double> values, std::span<const double> history = {}) const override;
  TransformParams params() const override;
  std::unique_ptr<Transform> clone() const override { return std::make_unique<MinMaxScaler>(*this); }
  double min() const { return min_; }
  double max() const { return max_; }
  void set(double min, double max);

 private:
  bool fitted_ = false;
  double min_ = 0.0;
  double max_ = 1.0;
};

// Rebuilds a transform from params(); throws naming the unknown kind or the missing/malformed entry.
std::unique_ptr<Transform> make_transform(const TransformParams& params);

// Several transforms applied in order and inverted in reverse. fit() fits each stage on the output of the
// stages before it. invert(values, history) takes the original-scale history before values[0] (at least
// history_needed() values, the sum of the stages' needs) and carries it forward through the stages.
class Pipeline {
 public:
  Pipeline() = default;
  Pipeline(const Pipeline& other);
  Pipeline& operator=(const Pipeline& other);
  Pipeline(Pipeline&&) noexcept = default;
  Pipeline& operator=(Pipeline&&) noexcept = default;

  Pipeline& add(std::unique_ptr<Transform> transform);
  std::size_t size() const { return stages_.size(); }
  const Transform& stage(std::size_t i) const { return *stages_.at(i); }

  // Fits every stage and returns the transformed training values (shorter by history_needed()).
  std::vector<double> fit_apply(std::span<const double> training);
  std::vector<double> apply(std::span<const double> values) const;
  std::vector<double> invert(std::span<const double> values, std::span<const double> history = {}) const;
  std::size_t history_needed() const;

  // Flat map for __metadata__: "<prefix>.count" and "<prefix>.<i>.<key>" for each stage's params.
  TransformParams params(const std::string& prefix = "transform") const;
  static Pipeline from_params(const TransformParams& params, const std::string& prefix = "transform");

 private:
  std::vector<std::unique_ptr<Transform>> stages_;
};

}  // namespace elman::ts
