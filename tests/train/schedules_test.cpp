#include "elman/train/schedules.hpp"

#include <gtest/gtest.h>

#include "elman/core/error.hpp"
#include "train/fixture_builders.hpp"
#include "train/train_fixtures.hpp"

namespace {

using elman::train::testing::load_fixture;

const nlohmann::json& schedule_cases() {
  static const nlohmann::json cases = load_fixture("schedules.json");
  return cases;
}

std::unique_ptr<elman::train::Optimizer<double>> fixture_optimizer(const std::string& name) {
  if (name == "sgd") return std::make_unique<elman::train::Sgd<double>>(elman::train::SgdOptions{0.1, 0.9});
  elman::train::AdamOptions adam;
  adam.lr = 0.1;
  return std::make_unique<elman::train::Adam<double>>(adam);
}

class ScheduleFixture : public ::testing::TestWithParam<std::size_t> {};

// The lrs are pure double arithmetic in the same order as torch's, so they agree to the bit.
TEST_P(ScheduleFixture, GivesPyTorchsLearningRateAndMomentumBitForBit) {
  const auto& c = schedule_cases().at(GetParam());
  SCOPED_TRACE(c["schedule"].dump());
  auto optimizer = fixture_optimizer(c["optimizer"]);
  elman::train::testing::AnySchedule schedule(*optimizer, c["schedule"]);
  const auto& lrs = c["lr"];
  for (std::size_t step = 0; step < lrs.size(); ++step) {
    ASSERT_EQ(optimizer->lr(), lrs[step].get<double>()) << "step " << step;
    ASSERT_EQ(optimizer->momentum(), c["momentum"][step].get<double>()) << "step " << step;
    schedule.step(c["metrics"][step].get<double>());
  }
}

std::string case_name(const ::testing::TestParamInfo<std::size_t>& info) {
  const auto& c = schedule_cases().at(info.param);
  return c["optimizer"].get<std::string>() + "_" + c["schedule"]["kind"].get<std::string>() + "_" +
         std::to_string(info.param);
}

INSTANTIATE_TEST_SUITE_P(PyTorch, ScheduleFixture, ::testing::Range<std::size_t>(0, schedule_cases().size()),
                         case_name);

TEST(Schedules, FirstScheduleSetsTheOptimizersInitialLr) {
  elman::train::Sgd<double> sgd({0.5});
  elman::train::StepLR schedule(sgd, 2, 0.5);
  EXPECT_EQ(sgd.initial_lr, 0.5);
  EXPECT_EQ(schedule.last_epoch(), 0);
  schedule.step();
  schedule.step();
  EXPECT_EQ(sgd.lr(), 0.25);
  EXPECT_EQ(schedule.last_lr(), 0.25);
}

TEST(Schedules, StepToUsesTheClosedForm) {
  elman::train::Sgd<double> sgd({1.0});
  elman::train::StepLR schedule(sgd, 3, 0.1);
  schedule.step_to(7);
  EXPECT_EQ(sgd.lr(), 1.0 * std::pow(0.1, 2.0));
}

TEST(Schedules, StateRoundTripsThroughLoadState) {
  elman::train::Sgd<double> sgd({1.0});
  elman::train::CosineAnnealingLR first(sgd, 10);
  for (int i = 0; i < 4; ++i) first.step();
  const auto saved = first.state();
  const double lr = sgd.lr();
  first.step();
  const double next = sgd.lr();

  elman::train::Sgd<double> resumed({1.0});
  elman::train::CosineAnnealingLR second(resumed, 10);
  second.load_state(saved);
  resumed.set_lr(lr);
  second.step();
  EXPECT_EQ(resumed.lr(), next);
}

TEST(Schedules, OneCycleRefusesToStepPastTotalSteps) {
  elman::train::Sgd<double> sgd({0.1, 0.9});
  elman::train::OneCycleLR schedule(sgd, {.max_lr = 1.0, .total_steps = 2});
  schedule.step();
  schedule.step();
  try {
    schedule.step();
    FAIL() << "expected an error";
  } catch (const elman::Error& e) {
    EXPECT_STREQ(e.what(), "OneCycleLR: tried to step 4 times, but total_steps is 2");
  }
}

TEST(Schedules, SequentialLRNeedsOneMilestoneFewerThanSchedules) {
  elman::train::Sgd<double> sgd({0.1});
  std::vector<std::unique_ptr<elman::train::LrScheduler>> parts;
  parts.push_back(std::make_unique<elman::train::LinearLR>(sgd));
  try {
    elman::train::SequentialLR schedule(sgd, std::move(parts), {3});
    FAIL() << "expected an error";
  } catch (const elman::Error& e) {
    EXPECT_STREQ(e.what(), "SequentialLR: expected 0 milestones for 1 schedules, got 1");
  }
}

TEST(Schedules, PlateauRejectsAFactorOfOneOrMore) {
  elman::train::Sgd<double> sgd({0.1});
  EXPECT_THROW(elman::train::ReduceLROnPlateau(sgd, {.factor = 1.0}), elman::Error);
}

}  // namespace
