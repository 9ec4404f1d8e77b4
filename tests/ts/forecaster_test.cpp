// The Forecaster in-process: known answers (a pure seasonal sine), direct against recursive, the validated choice,
// the model file round trip and determinism.
#include "elman/ts/forecaster.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numbers>

#include "elman/core/error.hpp"
#include "elman/io/safetensors.hpp"
#include "elman/ts/metrics.hpp"
#include "io/temp_folder.hpp"
#include "ts/date_helpers.hpp"

namespace {

using elman::ts::CalendarCovariates;
using elman::ts::Forecaster;
using elman::ts::ForecasterOptions;
using elman::ts::Selection;
using elman::ts::Strategy;
using elman::ts::TimeSeries;
using elman::ts::WindowLevel;
using elman::testing::hourly_with_weekends;
using elman::testing::monthly;

double sine(double t) { return 100.0 + 10.0 * std::sin(2.0 * std::numbers::pi * t / 12.0); }

ForecasterOptions small_network() {
  ForecasterOptions o;
  o.hidden = 16;
  o.horizon = 12;
  o.window = 12;
  o.epochs = 60;
  o.batch_size = 32;
  o.selection = Selection::Network;
  return o;
}

TEST(Forecaster, DirectForecastOfAPureSeasonalSineIsWithinOnePercent) {
  const TimeSeries full = monthly(192, sine), history = full.slice(0, 168);
  const auto model = Forecaster::train(history, small_network());
  const auto forecast = model.forecast(history, 24);
  ASSERT_EQ(forecast.mean.size(), 24u);  // twice the head's 12 steps: the second block reads the first back
  EXPECT_LT(elman::ts::mape(full.values().subspan(168), forecast.mean), 1.0);
}

// --patience: the newest windows (those whose targets reach into the last 3 H rows) judge the epochs instead of
// training, training stops `patience` epochs after the best, and the report names the epoch whose weights are kept.
TEST(Forecaster, EarlyStoppingHoldsOutTheNewestWindowsAndKeepsTheBestEpoch) {
  const TimeSeries history = monthly(168, [](double t) { return sine(t) + 0.5 * std::sin(7.3 * t * t); });
  ForecasterOptions o = small_network();
  o.members = 1;
  o.epochs = 200;
  elman::ts::TrainingReport fixed, stopped;
  (void)Forecaster::train(history, o, {}, &fixed);
  EXPECT_EQ(fixed.windows, 168u - 24u + 1u);  // every window of 12 inputs and 12 targets
  EXPECT_EQ(fixed.held_windows, 0u);
  EXPECT_EQ(fixed.epochs_run, 200);
  EXPECT_EQ(fixed.kept_epoch, 0);
  o.patience = 3;
  (void)Forecaster::train(history, o, {}, &stopped);
  EXPECT_EQ(stopped.held_windows, 36u);  // the validation rows, 3 x 12
  EXPECT_EQ(stopped.windows + stopped.held_windows, fixed.windows);
  ASSERT_LT(stopped.epochs_run, 200);
  EXPECT_GE(stopped.kept_epoch, 1);
  EXPECT_EQ(stopped.epochs_run, stopped.kept_epoch + 3);
}

TEST(Forecaster, RecursiveForecastOfAPureSeasonalSineIsWithinOnePercent) {
  const TimeSeries full = monthly(192, sine), history = full.slice(0, 168);
  ForecasterOptions o = small_network();
  o.strategy = Strategy::Recursive;
  const auto model = Forecaster::train(history, o);
  const auto forecast = model.forecast(history, 24);
  EXPECT_LT(elman::ts::mape(full.values().subspan(168), forecast.mean), 1.0);
}

// Forking sequences: the head also learns from every step from the fork_from-th of each window. From the last step
// alone (fork_from = W) it is the default training exactly; from earlier steps it is another, and still forecasts
// the sine within 1 %.
TEST(Forecaster, ForkingFromTheLastStepIsTheDefaultAndFromEarlierStepsStillForecastsTheSine) {
  const TimeSeries full = monthly(192, sine), history = full.slice(0, 168);
  ForecasterOptions o = small_network();
  o.members = 1;
  o.epochs = 20;
  const auto last_only = Forecaster::train(history, o).forecast(history, 12).mean;
  o.fork_from = o.window;
  EXPECT_EQ(Forecaster::train(history, o).forecast(history, 12).mean, last_only);
  o.fork_from = 4;
  o.epochs = 60;
  const auto forking = Forecaster::train(history, o);
  EXPECT_EQ(forking.describe(), "GRU 16 (window 12, direct 12-step head, forking from step 4)");
  const auto forecast = forking.forecast(history, 24).mean;
  EXPECT_NE(std::vector<double>(forecast.begin(), forecast.begin() + 12), last_only);
  EXPECT_LT(elman::ts::mape(full.values().subspan(168), forecast), 1.0);
  o.strategy = Strategy::Recursive;  // one step after every step from the 4th: teacher forcing
  EXPECT_LT(elman::ts::mape(full.values().subspan(168), Forecaster::train(history, o).forecast(history, 24).mean), 1.0);
}

TEST(Forecaster, ForkingRejectsAStepPastTheWindowAndMembersReadingTheWindowsLevel) {
  ForecasterOptions o = small_network();
  o.fork_from = 13;
  EXPECT_EQ(elman::testing::error_message([&] { o.validate(); }),
            "--fork-from: expected 0 (the last step) to the window's 12 steps, got 13");
  o.fork_from = 6;
  o.window_level = WindowLevel::Alternate;
  EXPECT_EQ(elman::testing::error_message([&] { o.validate(); }),
            "--fork-from: expected --window-level none (a window's level would reach past the steps a fork reads)");
}

// log(value) is a straight line plus a season: past the training range, the transformed values leave the range
// the global standardisation saw, and only the members that read each window relative to its level follow them.
TEST(Forecaster, MembersRelativeToTheWindowsLevelCarryATrendPastTheTrainingRange) {
  const auto growing = [](double t) { return 100.0 * std::exp(0.01 * t) * (1.0 + 0.1 * std::sin(2.0 * std::numbers::pi * t / 12.0)); };
  const TimeSeries full = monthly(192, growing), history = full.slice(0, 168);
  ForecasterOptions o = small_network();
  o.members = 1;
  double error[3];
  for (auto level : {WindowLevel::None, WindowLevel::All}) {
    o.window_level = level;
    error[int(level)] = elman::ts::mape(full.values().subspan(168), Forecaster::train(history, o).forecast(history, 24).mean);
  }
  EXPECT_LT(error[int(WindowLevel::All)], 0.5);  // 0.16 % measured
  EXPECT_GT(error[int(WindowLevel::None)], 5.0);  // 9.9 %
  o.members = 3;
  o.window_level = WindowLevel::Alternate;
  EXPECT_EQ(Forecaster::train(history, o).describe(), "3 x GRU 16 (window 12, direct 12-step head, 1 of 3 relative to the window's level)");
}

TEST(Forecaster, WindowLevelNamesAndTheirError) {
  for (auto level : {WindowLevel::None, WindowLevel::All, WindowLevel::Alternate})
    EXPECT_EQ(elman::ts::parse_window_level(elman::ts::to_string(level)), level);
  try {
    elman::ts::parse_window_level("some");
    FAIL() << "no error";
  } catch (const elman::Error& e) {
    EXPECT_STREQ(e.what(), "expected none, all or alternate, got 'some'");
  }
}

TEST(Forecaster, IntervalsWidenWithTheLevelAndContainTheForecast) {
  const TimeSeries history = monthly(168, [](double t) { return sine(t) + 0.5 * std::sin(7.3 * t * t); });
  const auto forecast = Forecaster::train(history, small_network()).forecast(history, 12, std::vector<double>{80, 95});
  ASSERT_EQ(forecast.intervals.size(), 2u);
  for (std::size_t h = 0; h < 12; ++h) {
    EXPECT_LT(forecast.intervals[1].lower[h], forecast.intervals[0].lower[h]);
    EXPECT_LT(forecast.intervals[0].lower[h], forecast.mean[h]);
    EXPECT_GT(forecast.intervals[0].upper[h], forecast.mean[h]);
    EXPECT_GT(forecast.intervals[1].upper[h], forecast.intervals[0].upper[h]);
  }
}

// Daily-like counts with many zeros: the network reads them without the log, and its 95 % bounds that would fall
// below 0 are raised to 0. Moved down by 3 (the history then holds negative values), the bounds go below 0.
TEST(Forecaster, ForecastsOfCountsStayAtOrAboveZero) {
  const auto counts = [](double t) {
    return std::max(0.0, std::round(1.0 + 2.0 * std::sin(0.5236 * t) + std::sin(7.3 * t * t)));
  };
  const TimeSeries history = monthly(168, counts);
  const std::vector<double> levels{95.0};
  const auto forecast = Forecaster::train(history, small_network()).forecast(history, 12, levels);
  EXPECT_EQ(*std::min_element(forecast.intervals[0].lower.begin(), forecast.intervals[0].lower.end()), 0.0);
  EXPECT_GE(*std::min_element(forecast.mean.begin(), forecast.mean.end()), 0.0);
  const TimeSeries moved = monthly(168, [&](double t) { return counts(t) - 3.0; });
  const auto lower = Forecaster::train(moved, small_network()).forecast(moved, 12, levels).intervals[0].lower;
  EXPECT_LT(*std::min_element(lower.begin(), lower.end()), -3.0);
}

TEST(Forecaster, TheSameSeedGivesTheSameForecastAndAnotherSeedAnotherOne) {
  const TimeSeries history = monthly(168, sine);
  ForecasterOptions o = small_network();
  o.epochs = 5;
  const auto a = Forecaster::train(history, o).forecast(history, 12).mean;
  const auto b = Forecaster::train(history, o).forecast(history, 12).mean;
  o.seed = 2;
  const auto c = Forecaster::train(history, o).forecast(history, 12).mean;
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(Forecaster, TheModelIsTheSameWithAnyNumberOfThreads) {
  // Three members and the validation network: on one thread they train one after another, on two and three side
  // by side (with --selection auto the final ensemble then trains before the choice is known).
  const TimeSeries history = monthly(168, [](double t) { return sine(t) + 0.5 * std::sin(7.3 * t * t); });
  ForecasterOptions o = small_network();
  o.epochs = 5;
  o.members = 3;
  for (Selection selection : {Selection::Auto, Selection::Mean}) {
    o.selection = selection;
    std::vector<std::vector<double>> forecasts;
    std::vector<double> scores;
    for (std::size_t threads : {1, 2, 3}) {
      o.threads = threads;
      elman::ts::TrainingReport report;
      const auto model = Forecaster::train(history, o, {}, &report);
      forecasts.push_back(model.forecast(history, 12, std::vector<double>{80}).intervals.front().upper);
      ASSERT_EQ(report.candidates.size(), 3u);
      scores.push_back(report.candidates.front().error);
      if (selection == Selection::Mean) {
        EXPECT_EQ(report.epochs_run, 5);
      }
    }
    EXPECT_EQ(forecasts[0], forecasts[1]);
    EXPECT_EQ(forecasts[0], forecasts[2]);
    EXPECT_EQ(scores[0], scores[1]);
    EXPECT_EQ(scores[0], scores[2]);
  }
}

TEST(Forecaster, ProgressShowsTheNetworksOneAfterAnotherWithAnyNumberOfThreads) {
  // The validation network and 3 members: 4 runs of epochs 1..5 on one thread; on three, each network's epochs
  // still rise without a jump back until its last, and every network's last epoch is reported.
  const TimeSeries history = monthly(168, sine);
  ForecasterOptions o = small_network();
  o.epochs = 5;
  o.members = 3;
  o.selection = Selection::Mean;
  for (std::size_t threads : {1, 3}) {
    o.threads = threads;
    std::vector<std::int64_t> epochs;
    Forecaster::train(history, o, [&](const elman::train::EpochReport& r) {
      epochs.push_back(r.epoch);
      EXPECT_EQ(r.epochs, 5);
      return true;
    });
    if (threads == 1) {
      EXPECT_EQ(epochs, (std::vector<std::int64_t>{1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5}));
    }
    EXPECT_EQ(std::count(epochs.begin(), epochs.end(), 5), 4) << "threads " << threads;
    ASSERT_FALSE(epochs.empty());
    EXPECT_EQ(epochs.back(), 5);
    for (std::size_t i = 1; i < epochs.size(); ++i) {
      if (epochs[i - 1] != 5) {
        EXPECT_GT(epochs[i], epochs[i - 1]) << "report " << i << ", threads " << threads;
      }
    }
  }
}

TEST(Forecaster, MoreThan1024ThreadsIsAnError) {
  ForecasterOptions o = small_network();
  o.threads = 1025;
  try {
    o.validate();
    FAIL() << "no error";
  } catch (const elman::Error& e) {
    EXPECT_STREQ(e.what(), "--threads: expected 0 (every core) to 1024, got 1025");
  }
}

TEST(Forecaster, AutoChoosesHoltWintersForAnExactHoltWintersSeriesAndReportsEveryCandidate) {
  // A multiplicative season on a straight trend: Holt-Winters' own model, noiseless.
  const TimeSeries history = monthly(120, [](double t) { return (100.0 + 0.5 * t) * (1.0 + 0.1 * std::sin(2.0 * std::numbers::pi * t / 12.0)); });
  ForecasterOptions o = small_network();
  o.epochs = 3;
  o.selection = Selection::Auto;
  elman::ts::TrainingReport report;
  const auto model = Forecaster::train(history, o, {}, &report);
  ASSERT_EQ(report.candidates.size(), 3u);
  EXPECT_EQ(report.candidates[0].name, "network");
  EXPECT_EQ(report.candidates[1].name, "hw");
  EXPECT_EQ(report.candidates[2].name, "mean");
  EXPECT_EQ(report.validation_rows, 36u);
  EXPECT_LT(report.candidates[1].error, 0.1);
  EXPECT_EQ(report.chosen, Selection::HoltWinters);
  EXPECT_EQ(model.selection(), Selection::HoltWinters);
  EXPECT_EQ(model.describe(), "Holt-Winters (additive trend, multiplicative season, m = 12)");
}

TEST(Forecaster, ModelFileRoundTripGivesTheSameForecastBitForBit) {
  const TimeSeries history = monthly(168, sine);
  ForecasterOptions o = small_network();
  o.epochs = 5;
  o.selection = Selection::Mean;
  o.window_level = WindowLevel::Alternate;
  o.transforms = std::vector<std::string>{"log", "seasonal_difference", "standard"};
  const auto model = Forecaster::train(history, o);
  ForecasterOptions forking = small_network();
  forking.epochs = 5;
  forking.fork_from = 7;
  const elman::testing::TempFolder folder;
  const auto path = folder.path() / "model.safetensors";
  model.save(path);
  const auto loaded = Forecaster::load(path);
  const std::vector<double> levels{80, 95};
  const auto a = model.forecast(history, 30, levels), b = loaded.forecast(history, 30, levels);
  EXPECT_EQ(a.mean, b.mean);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(a.intervals[i].lower, b.intervals[i].lower);
    EXPECT_EQ(a.intervals[i].upper, b.intervals[i].upper);
  }
  EXPECT_EQ(loaded.describe(), model.describe());
  EXPECT_EQ(loaded.training_range(), "2000-01-01 to 2013-12-01 (168 rows)");
  EXPECT_EQ(loaded.options().transforms, o.transforms);
  EXPECT_EQ(loaded.options().window_level, WindowLevel::Alternate);
  EXPECT_EQ(loaded.options().fork_from, 0u);
  Forecaster::train(history, forking).save(path);
  EXPECT_EQ(Forecaster::load(path).options().fork_from, 7u);
  EXPECT_EQ(Forecaster::load(path).forecast(history, 12).mean,
            Forecaster::train(history, forking).forecast(history, 12).mean);
  // How the rows were read: the defaults here (nothing written for them: detected again from the history file),
  // and back as they were otherwise.
  EXPECT_EQ(loaded.read_with().delimiter, '\0');
  EXPECT_EQ(loaded.read_with().decimal, '\0');
  EXPECT_EQ(loaded.read_with().skip_lines, std::nullopt);
  EXPECT_EQ(loaded.read_with().date_format, "");
  EXPECT_TRUE(loaded.read_with().where.empty());
  EXPECT_EQ(loaded.read_with().value_columns, std::vector<std::string>{"value"});
  TimeSeries european = history;
  european.read_with = {.delimiter = ';',
                        .skip_lines = 3,
                        .decimal = ',',
                        .thousands = '.',
                        .date_column = "Datum",
                        .where = {{"geo", "DE"}, {"unit", "I15=100"}},
                        .date_format = "%d.%m.%Y",
                        .missing = elman::ts::MissingPolicy::Interpolate};
  Forecaster::train(european, o).save(path);
  const auto read_with = Forecaster::load(path).read_with();
  EXPECT_EQ(read_with.delimiter, ';');
  EXPECT_EQ(read_with.skip_lines, 3u);
  EXPECT_EQ(read_with.decimal, ',');
  EXPECT_EQ(read_with.thousands, '.');
  EXPECT_EQ(read_with.date_column, "Datum");
  EXPECT_EQ(read_with.date_format, "%d.%m.%Y");
  EXPECT_EQ(read_with.where, (std::vector<std::pair<std::string, std::string>>{{"geo", "DE"}, {"unit", "I15=100"}}));
  EXPECT_EQ(read_with.missing, elman::ts::MissingPolicy::Interpolate);
  EXPECT_EQ(read_with.value_columns, std::vector<std::string>{"value"});
}

// The list of transforms must name the stages whose parameters the file holds: edited to another list, it is an
// error naming both, not a forecast through stages the list does not describe.
// The rows of a file in long form the model was trained on, one COLUMN=TEXT a line; a line without its '=' is an
// error naming the entry.
TEST(Forecaster, AModelFileKeepsWhereConditionsAndRejectsOneWithoutAColumn) {
  ForecasterOptions o = small_network();
  o.epochs = 1;
  auto history = monthly(96, sine);
  history.read_with.where = {{"geo", "DE"}, {"unit", "I15=100"}};
  const elman::testing::TempFolder folder;
  const auto path = folder.path() / "model.safetensors";
  Forecaster::train(history, o).save(path);
  auto file = elman::io::SafetensorsFile::read(path);
  EXPECT_EQ(file.metadata()["csv_where"], "geo=DE\nunit=I15=100");
  file.metadata()["csv_where"] = "geo=DE\nunit";
  const auto edited = folder.path() / "edited.safetensors";
  file.write(edited);
  EXPECT_EQ(elman::testing::error_message([&] { Forecaster::load(edited); }),
            edited.string() + ": __metadata__ 'csv_where': expected COLUMN=TEXT, got 'unit'");
}

TEST(Forecaster, AModelFileWhoseTransformListDisagreesWithItsStagesIsAnError) {
  ForecasterOptions o = small_network();
  o.epochs = 1;
  const auto model = Forecaster::train(monthly(96, sine), o);
  const elman::testing::TempFolder folder;
  const auto path = folder.path() / "model.safetensors";
  model.save(path);
  for (const auto& [list, stages] : std::vector<std::pair<std::string, std::string>>{
           {"log,log,log", "the stages log,standard"},
           {"standard,log", "the stages log,standard"},
           {"log,seasonal_difference,standard", "the stages log,standard"},
           {"log,min_max", "the stages log,standard"}}) {
    auto file = elman::io::SafetensorsFile::read(path);
    file.metadata()["transforms"] = list;
    const auto edited = folder.path() / "edited.safetensors";
    file.write(edited);
    EXPECT_EQ(elman::testing::error_message([&] { Forecaster::load(edited); }),
              edited.string() + ": __metadata__ 'transforms' is '" + list + "', but the 'transform.*' entries hold " +
                  stages + ": expected the two to agree");
  }
  EXPECT_NO_THROW(Forecaster::load(path));
}

TEST(Forecaster, AModelFileWithoutTheWindowLevelOrForkingEntriesReadsNone) {
  // Files written before members could read the window's level, or before forking sequences, have no entry.
  const TimeSeries history = monthly(96, sine);
  ForecasterOptions o = small_network();
  o.epochs = 2;
  const auto model = Forecaster::train(history, o);
  const elman::testing::TempFolder folder;
  const auto path = folder.path() / "model.safetensors";
  model.save(path);
  auto file = elman::io::SafetensorsFile::read(path);
  ASSERT_EQ(file.metadata().erase("window_level"), 1u);
  ASSERT_EQ(file.metadata().erase("fork_from"), 1u);
  file.write(path);
  const auto loaded = Forecaster::load(path);
  EXPECT_EQ(loaded.options().window_level, WindowLevel::None);
  EXPECT_EQ(loaded.options().fork_from, 0u);
  EXPECT_EQ(loaded.forecast(history, 12).mean, model.forecast(history, 12).mean);
}

TEST(Forecaster, AModelFileFromBeforeTheCalendarEntryReadsItsMonthFlag) {
  // Files written before the hourly calendar inputs say "month_of_year": "true" or "false".
  const TimeSeries history = monthly(96, sine);
  ForecasterOptions o = small_network();
  o.epochs = 2;
  const auto model = Forecaster::train(history, o);
  ASSERT_EQ(model.options().calendar, CalendarCovariates::MonthOfYear);
  const elman::testing::TempFolder folder;
  const auto path = folder.path() / "model.safetensors";
  model.save(path);
  auto file = elman::io::SafetensorsFile::read(path);
  EXPECT_EQ(file.metadata().at("calendar"), "month");
  ASSERT_EQ(file.metadata().erase("calendar"), 1u);
  file.metadata()["month_of_year"] = "true";
  file.write(path);
  const auto loaded = Forecaster::load(path);
  EXPECT_EQ(loaded.options().calendar, CalendarCovariates::MonthOfYear);
  EXPECT_EQ(loaded.forecast(history, 12).mean, model.forecast(history, 12).mean);
}

// A weight that is not a finite number (a damaged file) is an error naming the tensor, not a forecast of nan.
TEST(Forecaster, AModelFileWithANonFiniteWeightIsAnError) {
  ForecasterOptions o = small_network();
  o.epochs = 1;
  const TimeSeries history = monthly(96, sine);
  const elman::testing::TempFolder folder;
  const auto path = folder.path() / "model.safetensors";
  Forecaster::train(history, o).save(path);
  for (const double bad : {std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::infinity()}) {
    auto file = elman::io::SafetensorsFile::read(path);
    auto weights = file.get<float>("m1.head.bias");
    weights.data()[5] = float(bad);
    file.set("m1.head.bias", weights);
    const auto edited = folder.path() / "edited.safetensors";
    file.write(edited);
    EXPECT_EQ(elman::testing::error_message([&] { Forecaster::load(edited); }),
              edited.string() + ": tensor 'm1.head.bias' holds " + (bad != bad ? "nan" : "-inf") +
                  " at index 5: expected finite weights (the file may be damaged)");
  }
  EXPECT_NO_THROW(Forecaster::load(path));
}

// Hourly rows from Monday 2000-01-03 00:00: a daily cycle, 20 lower on Saturdays and Sundays. A window of 24 hours
// shows no weekday (every weekday's hours are alike), so only the calendar inputs tell a Friday from a Thursday.
TEST(Forecaster, TheCalendarInputsFollowTheFrequency) {
  using elman::ts::Frequency;
  EXPECT_EQ(elman::ts::calendar_covariates(Frequency::Monthly), CalendarCovariates::MonthOfYear);
  EXPECT_EQ(elman::ts::calendar_covariates(Frequency::Weekly), CalendarCovariates::MonthOfYear);
  EXPECT_EQ(elman::ts::calendar_covariates(Frequency::Hourly), CalendarCovariates::HourAndWeekday);
  for (auto f : {Frequency::Daily, Frequency::BusinessDaily, Frequency::Quarterly, Frequency::Yearly,
                 Frequency::Irregular})
    EXPECT_EQ(elman::ts::calendar_covariates(f), CalendarCovariates::None) << elman::ts::to_string(f);
}

TEST(Forecaster, HourlyDataReadsTheHourAndTheWeekday) {
  const TimeSeries full = hourly_with_weekends(8);
  const std::size_t friday_end = 24 * 7 * 7 - 48;  // the history ends on the 7th Friday at 23:00
  const TimeSeries history = full.slice(0, friday_end);
  ForecasterOptions o = small_network();
  o.window = 24;
  o.horizon = 24;
  o.epochs = 30;
  const auto model = Forecaster::train(history, o);
  EXPECT_EQ(model.options().calendar, CalendarCovariates::HourAndWeekday);
  const auto saturday = full.values().subspan(friday_end, 24);
  EXPECT_LT(elman::ts::mape(saturday, model.forecast(history, 24).mean), 3.0);
  o.calendar = CalendarCovariates::None;
  EXPECT_GT(elman::ts::mape(saturday, Forecaster::train(history, o).forecast(history, 24).mean), 10.0);
}

// A season of 24 hours cannot see the weekend; Holt-Winters' candidates on hourly data include a week of hours,
// which the validation rows choose here, and the model file keeps.
TEST(Forecaster, HoltWintersOnHourlyDataAlsoTriesAWeekOfHours) {
  const TimeSeries full = hourly_with_weekends(8);
  const std::size_t friday_end = 24 * 7 * 7 - 48;
  const TimeSeries history = full.slice(0, friday_end);
  const auto saturday = full.values().subspan(friday_end, 24);
  ForecasterOptions o = small_network();
  o.horizon = 24;
  o.selection = Selection::HoltWinters;
  const auto model = Forecaster::train(history, o);
  EXPECT_EQ(model.describe(), "Holt-Winters (no trend, additive season, m = 168)");
  EXPECT_EQ(model.options().season, 24u);  // the network's and the baselines' season stays the frequency's
  EXPECT_LT(elman::ts::mape(saturday, model.forecast(history, 24).mean), 0.5);
  const elman::testing::TempFolder folder;
  const auto path = folder.path() / "model.safetensors";
  model.save(path);
  EXPECT_EQ(Forecaster::load(path).describe(), model.describe());
  EXPECT_EQ(Forecaster::load(path).forecast(history, 24).mean, model.forecast(history, 24).mean);
  auto file = elman::io::SafetensorsFile::read(path);
  EXPECT_EQ(file.metadata().at("hw_period"), "168");
  file.metadata()["hw_period"] = "1";
  file.write(path);
  EXPECT_EQ(elman::testing::error_message([&] { Forecaster::load(path); }),
            path.string() +
                ": __metadata__ 'hw_period': expected a season of at least 2 for its additive season, got 1");
  // Files written before this entry read the forecaster's season.
  ASSERT_EQ(file.metadata().erase("hw_period"), 1u);
  file.write(path);
  EXPECT_EQ(Forecaster::load(path).describe(), "Holt-Winters (no trend, additive season, m = 24)");
  // A season given is the only one tried; rows before the validation rows that hold fewer than two weeks try 24.
  o.season = 24;
  EXPECT_EQ(Forecaster::train(history, o).describe(), "Holt-Winters (no trend, additive season, m = 24)");
  o.season = 0;
  const TimeSeries short_history = full.slice(0, 2 * 168 + 3 * 24 - 1);
  EXPECT_EQ(Forecaster::train(short_history, o).describe(), "Holt-Winters (no trend, additive season, m = 24)");
  EXPECT_EQ(Forecaster::train(full.slice(0, 2 * 168 + 3 * 24), o).describe(),
            "Holt-Winters (no trend, additive season, m = 168)");
}

TEST(Forecaster, RejectsASeriesShorterThanAWindowAndTheHorizon) {
  ForecasterOptions o = small_network();  // window 12 + horizon 12
  try {
    Forecaster::train(monthly(23, sine), o);
    FAIL() << "no error";
  } catch (const elman::Error& e) {
    EXPECT_STREQ(e.what(), "series.csv: 23 rows are too few: the network needs at least 24 (a window of 12 and a horizon of 12)");
  }
}

// minimum_training_rows is what train accepts: that many rows train, one fewer is an error, for every selection
// (a window of 12 and a horizon of 12 for the network; Holt-Winters, without a season on fewer rows than two
// seasons, 4, and auto keeps it on a series that short).
TEST(Forecaster, TrainsOnTheMinimumTrainingRowsAndNoFewer) {
  ForecasterOptions o = small_network();
  o.epochs = 1;
  o.members = 1;
  o.threads = 1;
  for (const auto& [selection, rows] : std::vector<std::pair<Selection, std::size_t>>{
           {Selection::Network, 24}, {Selection::HoltWinters, 4}, {Selection::Mean, 24}, {Selection::Auto, 4}}) {
    o.selection = selection;
    EXPECT_EQ(elman::ts::minimum_training_rows(o, elman::ts::Frequency::Monthly), rows) << to_string(selection);
    EXPECT_NO_THROW(Forecaster::train(monthly(rows, sine), o)) << to_string(selection);
    EXPECT_THROW(Forecaster::train(monthly(rows - 1, sine), o), elman::Error) << to_string(selection);
  }
  // Explicit Holt-Winters on fewer rows than two seasons has no season, and the report says why.
  o.selection = Selection::HoltWinters;
  elman::ts::TrainingReport report;
  const auto short_model = Forecaster::train(monthly(23, sine), o, {}, &report);
  EXPECT_EQ(report.note, "as 23 rows are fewer than two seasons of 12");
  EXPECT_EQ(short_model.describe(), elman::ts::fit_best_holt_winters(monthly(23, sine).values(), {1}).describe());
  Forecaster::train(monthly(24, sine), o, {}, &report);
  EXPECT_EQ(report.note, "");
  EXPECT_EQ(elman::testing::error_message([&] { Forecaster::train(monthly(3, sine), o); }),
            "series.csv: 3 rows are too few: Holt-Winters needs at least 4 (without a season)");
  o.window = 30;  // the network's rows are now the more: 42, and the mean needs them
  o.selection = Selection::Mean;
  EXPECT_EQ(elman::ts::minimum_training_rows(o, elman::ts::Frequency::Monthly), 42u);
  o.selection = Selection::Auto;
  EXPECT_EQ(elman::ts::minimum_training_rows(o, elman::ts::Frequency::Monthly), 4u);
  o.transforms = std::vector<std::string>{"seasonal_difference", "standard"};  // 12 rows more
  o.selection = Selection::Network;
  EXPECT_EQ(elman::ts::minimum_training_rows(o, elman::ts::Frequency::Monthly), 54u);
  EXPECT_NO_THROW(Forecaster::train(monthly(54, sine), o));
  EXPECT_THROW(Forecaster::train(monthly(53, sine), o), elman::Error);
}

// With --selection auto, a series too short to hold out the validation rows (36) after the rows the network and
// Holt-Winters need (24) keeps Holt-Winters, its variant chosen by AICc on every row, and the report says why; one
// row more and the three candidates are scored. Where the rows are fewer than two seasons, Holt-Winters has no
// season; where they are fewer than 4, the error names what each needs.
TEST(Forecaster, AutoKeepsHoltWintersOnASeriesTooShortToChooseOn) {
  ForecasterOptions o = small_network();
  o.epochs = 1;
  o.members = 1;
  o.threads = 1;
  o.selection = Selection::Auto;
  // Trains on `series`, expecting Holt-Winters by AICc with `note`, the same variant and forecast as
  // fit_best_holt_winters on every row (which has no season on fewer rows than two seasons).
  elman::ts::TrainingReport report;
  const auto expect_holt_winters_by_aicc = [&](const TimeSeries& series, const std::string& note) {
    const auto model = Forecaster::train(series, o, {}, &report);
    EXPECT_EQ(report.chosen, Selection::HoltWinters);
    EXPECT_TRUE(report.candidates.empty());
    EXPECT_EQ(report.note, note);
    const auto by_aicc = elman::ts::fit_best_holt_winters(series.values(), {o.season ? o.season : 12});
    EXPECT_EQ(model.describe(), by_aicc.describe());
    EXPECT_EQ(model.forecast(series, 12).mean, by_aicc.forecast(12).mean);
    return by_aicc.describe();
  };
  const std::string seasonal = expect_holt_winters_by_aicc(
      monthly(59, sine),
      "by AICc: 59 rows are too few to check the network against Holt-Winters on the last 36 (60 needed; "
      "--selection network trains the network anyway)");
  EXPECT_NE(seasonal.find("m = 12"), std::string::npos) << seasonal;

  Forecaster::train(monthly(60, sine), o, {}, &report);
  EXPECT_EQ(report.candidates.size(), 3u);
  EXPECT_EQ(report.note, "");

  o.season = 30;  // a seasonal Holt-Winters needs 60 rows
  const std::string unseasonal = expect_holt_winters_by_aicc(
      monthly(40, sine),
      "by AICc: 40 rows are too few to check the network against Holt-Winters on the last 36 (96 needed; "
      "--selection network trains the network anyway), and for a season of 30 (two needed)");
  EXPECT_EQ(unseasonal, elman::ts::fit_best_holt_winters(monthly(40, sine).values(), {1}).describe());
  EXPECT_NO_THROW(Forecaster::train(monthly(4, sine), o));
  EXPECT_EQ(elman::testing::error_message([&] { Forecaster::train(monthly(3, sine), o); }),
            "series.csv: 3 rows are too few: the network needs at least 24 (a window of 12 and a horizon of 12), "
            "Holt-Winters 4 (without a season)");
}

// A constant series (all 0, all 5) has no spread to standardise by: it is scaled by 1, the network learns the
// constant, and the choice keeps Holt-Winters, which forecasts it exactly.
TEST(Forecaster, AConstantSeriesForecastsItsValue) {
  ForecasterOptions o = small_network();
  o.epochs = 20;
  o.members = 1;
  o.threads = 1;
  for (double value : {0.0, 5.0}) {
    const TimeSeries series = monthly(100, [value](double) { return value; });
    o.selection = Selection::Auto;
    const auto chosen = Forecaster::train(series, o).forecast(series, 12);
    for (double f : chosen.mean) EXPECT_NEAR(f, value, 1e-9) << value;
    o.selection = Selection::Network;
    const auto network = Forecaster::train(series, o).forecast(series, 12);
    for (double f : network.mean) EXPECT_NEAR(f, value, 0.1) << value;  // 0.08 at most measured (5: 1.6 %)
  }
}

TEST(Forecaster, RejectsHistoryOfAnotherColumnOrFrequency) {
  const TimeSeries history = monthly(60, sine);
  ForecasterOptions o = small_network();
  o.epochs = 1;
  const auto model = Forecaster::train(history, o);
  const TimeSeries other = monthly(60, sine, "other");
  try {
    model.forecast(other, 12);
    FAIL() << "no error";
  } catch (const elman::Error& e) {
    EXPECT_STREQ(e.what(), "series.csv: the model was trained on column 'value', the series read is 'other': expected the same column (--value-col)");
  }
  std::vector<elman::ts::TimePoint> days;
  for (int i = 0; i < 60; ++i) days.push_back(history.dates().front() + std::chrono::days(i));
  TimeSeries daily(days, {"value"}, {std::vector<double>(60, 1.0)}, history.date_format());
  daily.source = "daily.csv";
  try {
    model.forecast(daily, 12);
    FAIL() << "no error";
  } catch (const elman::Error& e) {
    EXPECT_STREQ(e.what(), "daily.csv: the model was trained on monthly data, the series is daily: expected the same frequency");
  }
  EXPECT_THROW(model.forecast(history, 0), elman::Error);
}

// A season around 0 (a temperature anomaly, a balance): no log by default, and the choice by MAE, not MAPE.
TEST(Forecaster, ASeriesWithValuesAtOrBelowZeroIsStandardisedWithoutTheLogAndChosenByMae) {
  const TimeSeries history = monthly(120, [](double t) { return std::round(sine(t) - 100.0); });
  ASSERT_EQ(history.values()[0], 0.0);
  ForecasterOptions o = small_network();
  o.epochs = 3;
  o.selection = Selection::Auto;
  elman::ts::TrainingReport report;
  const auto model = Forecaster::train(history, o, {}, &report);
  EXPECT_EQ(model.options().transforms, std::vector<std::string>({"standard"}));
  EXPECT_EQ(report.error_name, "MAE");
  ASSERT_EQ(report.candidates.size(), 3u);
  for (const auto& c : report.candidates) EXPECT_TRUE(std::isfinite(c.error)) << c.name;
  EXPECT_EQ(model.forecast(history, 12).mean.size(), 12u);
  const auto positive = Forecaster::train(monthly(120, sine), o, {}, &report);
  EXPECT_EQ(positive.options().transforms, std::vector<std::string>({"log", "standard"}));
  EXPECT_EQ(report.error_name, "MAPE %");
}

TEST(Forecaster, TheLogOfAValueAtOrBelowZeroIsAnErrorNamingItsDate) {
  const TimeSeries crossing = monthly(60, [](double t) { return sine(t) - 100.0; });
  ForecasterOptions o = small_network();
  o.epochs = 1;
  o.transforms = std::vector<std::string>{"log", "standard"};
  try {
    Forecaster::train(crossing, o);
    FAIL() << "no error";
  } catch (const elman::Error& e) {
    EXPECT_STREQ(e.what(), "series.csv: the value on 2000-01-01 is 0: the log transform needs positive values; leave out --transform (the default takes the log only of a positive series) or give --transform standard");
  }
  // A model that takes the log, given newer history with a value <= 0.
  const auto model = Forecaster::train(monthly(60, sine), o);
  const TimeSeries newer = monthly(61, [](double t) { return t == 60 ? -1.0 : sine(t); });
  try {
    model.forecast(newer, 12);
    FAIL() << "no error";
  } catch (const elman::Error& e) {
    EXPECT_STREQ(e.what(), "series.csv: the value on 2005-01-01 is -1: the model's log transform needs positive values; train a model with --transform standard for such a series");
  }
}

TEST(Forecaster, LoadRejectsASafetensorsFileThatIsNotAForecaster) {
  const elman::testing::TempFolder folder;
  // An empty safetensors file: 8-byte header length, then "{}" padded to 8 bytes.
  const std::string bytes = std::string("\x08\0\0\0\0\0\0\0", 8) + "{}      ";
  const auto path = folder.write("plain.safetensors", bytes);
  try {
    Forecaster::load(path);
    FAIL() << "no error";
  } catch (const elman::Error& e) {
    EXPECT_EQ(std::string(e.what()), path.string() + ": not an elman forecaster (its __metadata__ has no 'forecaster' entry): expected a file written by elman train");
  }
}

}  // namespace
