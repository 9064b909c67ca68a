"""Time the Python peer library `lifetimes` on the benchmark files.

Usage: peer.py OUT_DIR SIZES [PNBD_MAX]
Reads OUT_DIR/bgnbd_{n}.csv (written by predict-bench), fits BetaGeoFitter and
ParetoNBDFitter with their defaults (BG/NBD: autograd + BFGS; Pareto/NBD:
Nelder-Mead) and writes OUT_DIR/python.json. Pareto/NBD is only timed for
n <= PNBD_MAX (default 100000): it is very slow beyond.
BG/NBD is additionally timed with lifetimes' own `weights=` on de-duplicated rows,
to separate the effect of row compression from the rest.
"""
import json
import sys
import time
import warnings

import pandas as pd
from lifetimes import BetaGeoFitter, ParetoNBDFitter

warnings.filterwarnings("ignore")
out, sizes = sys.argv[1], [int(s) for s in sys.argv[2].split(",")]
pnbd_max = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
rows = []
for n in sizes:
    df = pd.read_csv(f"{out}/bgnbd_{n}.csv")
    row = {"customers": n}
    t = time.perf_counter()
    bg = BetaGeoFitter().fit(df["frequency"], df["recency"], df["T"])
    row["bgnbd_fit_s"] = time.perf_counter() - t
    row["bgnbd"] = {k: float(v) for k, v in bg.params_.items()}
    t = time.perf_counter()
    g = df.groupby(["frequency", "recency", "T"]).size().reset_index(name="w")
    bgw = BetaGeoFitter().fit(g["frequency"], g["recency"], g["T"], weights=g["w"])
    row["bgnbd_weighted_fit_s"] = time.perf_counter() - t
    row["bgnbd_weighted"] = {k: float(v) for k, v in bgw.params_.items()}
    if n <= pnbd_max:
        t = time.perf_counter()
        pn = ParetoNBDFitter().fit(df["frequency"], df["recency"], df["T"])
        row["pnbd_fit_s"] = time.perf_counter() - t
        row["pnbd"] = {k: float(v) for k, v in pn.params_.items()}
    rows.append(row)
    print(json.dumps(row), flush=True)
json.dump({"fits": rows, "pnbd_max": pnbd_max}, open(f"{out}/python.json", "w"), indent=1)
