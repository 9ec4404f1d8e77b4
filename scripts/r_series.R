#!/usr/bin/Rscript
# Writes seasonal series of R's datasets package as CSV (date YYYY-MM-01, value) for the generality check of
# docs/accuracy.md: monthly ones in OUT_DIR (`scripts/accuracy_study.py --protocol files --dir OUT_DIR`), quarterly
# ones in OUT_DIR/other (`elman backtest`). R is not a dependency of elman; Debian's r-base-core ships the package.
#
#   apt-get install -y --no-install-recommends r-base-core && scripts/r_series.R OUT_DIR
#
# Monthly: nottem (air temperature at Nottingham, deg F, 1920-1939), UKDriverDeaths (car drivers killed or seriously
# injured in Great Britain, 1969-1984), USAccDeaths (accidental deaths in the USA, 1973-1978), ldeaths (deaths from
# lung diseases in the UK, 1974-1979). Quarterly: UKgas (UK gas consumption, 1960-1986), JohnsonJohnson (quarterly
# earnings per share, 1960-1980), austres (Australian residents, thousands, 1971-Q2 to 1993-Q2).
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: scripts/r_series.R OUT_DIR")
out <- args[1]
dir.create(file.path(out, "other"), recursive = TRUE, showWarnings = FALSE)
for (name in c("nottem", "UKDriverDeaths", "USAccDeaths", "ldeaths", "UKgas", "JohnsonJohnson", "austres")) {
  x <- get(name)
  f <- frequency(x)
  t <- time(x)
  year <- floor(t + 1e-9)
  period <- round((t - year) * f) + 1
  month <- if (f == 12) period else 3 * (period - 1) + 1
  dates <- sprintf("%04d-%02d-01", as.integer(year), as.integer(month))
  path <- if (f == 12) file.path(out, paste0(name, ".csv")) else file.path(out, "other", paste0(name, ".csv"))
  write.csv(data.frame(date = dates, value = as.numeric(x)), path, row.names = FALSE, quote = FALSE)
  cat(sprintf("%s: %d rows, frequency %d\n", name, length(x), f))
}
