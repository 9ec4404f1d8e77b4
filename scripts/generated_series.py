#!/usr/bin/env python3
"""Writes the generated hourly, daily and weekly series of docs/accuracy.md ("Calendar inputs for other
frequencies").

    python3 scripts/generated_series.py OUT_DIR

Standard-library Python only: each series is a formula plus Gaussian noise from Python's `random` with a fixed
seed, values to two decimals, so the files are the same on every machine.

- hourly.csv: two years from 2020-01-01 00:00, a daily and a weekly cycle on a slow trend
  (100 + 20 sin(2 pi t / 24) + 10 sin(2 pi t / 168) + 0.001 t, noise of deviation 3, seed 1; t in hours);
- hourly_daily_only.csv: twelve weeks from 2021-01-01 00:00, a daily cycle only
  (100 + 20 sin(2 pi t / 24) + 0.002 t, noise of deviation 3, seed 3);
- daily.csv: four years from 2016-01-01, a weekly cycle (weekends 10 lower) and a yearly season on a trend
  (100 + 0.01 t + 12 cos(2 pi (d - 0.55)) + 2 on weekdays, - 8 on Saturdays and Sundays, noise of deviation 3,
  seed 4; t in days, d as below);
- weekly.csv: 470 weeks from Saturday 2012-01-07, a yearly season with a peak in late December on a trend
  (200 + 0.1 k + 15 sin(2 pi d) + 25 exp(-((d - 0.95) / 0.03)^2), noise of deviation 4, seed 2; k the week,
  d = (day of the year - 1) / 365.25).
"""
import datetime
import math
import os
import random
import sys


def write(path, rows):
    with open(path, "w", newline="\n") as out:
        out.write("date,value\n")
        for date, value in rows:
            out.write(f"{date},{value:.2f}\n")


def hourly(start, hours, value, seed):
    random.seed(seed)
    for t in range(hours):
        yield (start + datetime.timedelta(hours=t)).strftime("%Y-%m-%d %H:%M"), value(t) + random.gauss(0, 3)


def weekly():
    random.seed(2)
    start = datetime.date(2012, 1, 7)
    for k in range(470):
        day = start + datetime.timedelta(weeks=k)
        d = (day.timetuple().tm_yday - 1) / 365.25
        season = 15 * math.sin(2 * math.pi * d) + 25 * math.exp(-(((d - 0.95) / 0.03) ** 2))
        yield day.isoformat(), 200 + 0.1 * k + season + random.gauss(0, 4)


def daily():
    random.seed(4)
    start = datetime.date(2016, 1, 1)
    for t in range(4 * 365 + 1):
        day = start + datetime.timedelta(days=t)
        d = (day.timetuple().tm_yday - 1) / 365.25
        week = -8 if day.weekday() >= 5 else 2
        yield day.isoformat(), 100 + 0.01 * t + 12 * math.cos(2 * math.pi * (d - 0.55)) + week + random.gauss(0, 3)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: generated_series.py OUT_DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, "hourly.csv"),
          hourly(datetime.datetime(2020, 1, 1), 2 * 365 * 24,
                 lambda t: 100 + 20 * math.sin(2 * math.pi * t / 24) + 10 * math.sin(2 * math.pi * t / 168) + 0.001 * t,
                 1))
    write(os.path.join(out, "hourly_daily_only.csv"),
          hourly(datetime.datetime(2021, 1, 1), 12 * 7 * 24,
                 lambda t: 100 + 20 * math.sin(2 * math.pi * t / 24) + 0.002 * t, 3))
    write(os.path.join(out, "daily.csv"), daily())
    write(os.path.join(out, "weekly.csv"), weekly())
    print(f"wrote hourly.csv, hourly_daily_only.csv, daily.csv and weekly.csv to {out}")


if __name__ == "__main__":
    main()
