"""The Python peer of a scoring run (issue 16), in process, each step timed (interpreter start-up
and imports are not counted, which favours the peer): what `carewell predict run` computes,
with pandas and lifetimes on the same transactions.

  read      pandas.read_csv of the exported transactions (customer_id, occurred_at, amount_minor)
  summary   lifetimes summary_data_from_transaction_data, daily periods (purchases on one day
            are one, as the product), monetary in major units; recency and T then in weeks
            (days / 7) as the product's default unit
  fit       BetaGeoFitter().fit on the 1,000,000 rows (as the product: no penalizer)
  spend     GammaGammaFitter().fit on the repeat buyers
  score     conditional_probability_alive, conditional_expected_number_of_purchases_up_to_time
            (90 days), customer_lifetime_value (12 months, 10 % a year, margin 0.3)
  holdout   calibration_and_holdout_data with the cut 90 days before the end, BetaGeoFitter
            on the calibration part, expected purchases over the held-out 90 days
  write     the per-customer results to CSV (the product writes them into the database)

Usage: peer.py TRANSACTIONS_CSV END(YYYY-MM-DD) OUT_CSV
Prints one JSON line: each step's seconds, the total, the fitted parameters.
"""
import json
import sys
import time
import warnings

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import calibration_and_holdout_data, summary_data_from_transaction_data

warnings.filterwarnings("ignore")
path, end, out = sys.argv[1], sys.argv[2], sys.argv[3]
FMT = "%Y-%m-%dT%H:%M:%S.%fZ"
HOLDOUT_DAYS, HORIZON_DAYS, MONTHS, MARGIN, ANNUAL = 90, 90, 12, 0.3, 0.1
t = {}


def step(name, f):
    t0 = time.perf_counter()
    v = f()
    t[name] = time.perf_counter() - t0
    return v


df = step("read", lambda: pd.read_csv(path))


def summary():
    d = df.copy()
    d["amount"] = d["amount_minor"] / 100.0
    s = summary_data_from_transaction_data(d, "customer_id", "occurred_at", monetary_value_col="amount",
                                           datetime_format=FMT, observation_period_end=end + "T00:00:00.000000Z", freq="D")
    s["recency"] /= 7.0
    s["T"] /= 7.0
    return s


s = step("summary", summary)
bgf = step("fit", lambda: BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"]))
rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
ggf = step("spend", lambda: GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"]))


def score():
    r = pd.DataFrame(index=s.index)
    r["p_alive"] = bgf.conditional_probability_alive(s["frequency"], s["recency"], s["T"])
    r["expected"] = bgf.conditional_expected_number_of_purchases_up_to_time(
        HORIZON_DAYS / 7.0, s["frequency"], s["recency"], s["T"])
    monthly = (1.0 + ANNUAL) ** (1.0 / 12.0) - 1.0
    r["clv"] = MARGIN * ggf.customer_lifetime_value(bgf, s["frequency"], s["recency"], s["T"], s["monetary_value"],
                                                    time=MONTHS, discount_rate=monthly, freq="W")
    return r


res = step("score", score)


def holdout():
    cut = (pd.Timestamp(end) - pd.Timedelta(days=HOLDOUT_DAYS)).strftime(FMT)
    h = calibration_and_holdout_data(df, "customer_id", "occurred_at", calibration_period_end=cut,
                                     observation_period_end=end + "T00:00:00.000000Z", freq="D",
                                     datetime_format=FMT)
    h["recency_cal"] /= 7.0
    h["T_cal"] /= 7.0
    hb = BetaGeoFitter().fit(h["frequency_cal"], h["recency_cal"], h["T_cal"])
    pred = hb.conditional_expected_number_of_purchases_up_to_time(
        HOLDOUT_DAYS / 7.0, h["frequency_cal"], h["recency_cal"], h["T_cal"])
    return float(pred.sum()), float(h["frequency_holdout"].sum())


hold = step("holdout", holdout)
step("write", lambda: res.to_csv(out))
print(json.dumps({
    "seconds": t,
    "total_s": sum(t.values()),
    "rows": int(len(df)),
    "customers": int(len(s)),
    "bgnbd": {k: float(v) for k, v in bgf.params_.items()},
    "gamma_gamma": {k: float(v) for k, v in ggf.params_.items()},
    "holdout_predicted_actual": hold,
}))
