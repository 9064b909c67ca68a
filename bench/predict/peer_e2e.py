"""End-to-end timings of the Python peer library `lifetimes`, in process (interpreter
start-up and imports are NOT counted, which favours the peer).

Usage: peer_e2e.py fit SUMMARY_CSV [RUNS]   pandas.read_csv + BetaGeoFitter().fit
       peer_e2e.py read SUMMARY_CSV [RUNS]  pandas.read_csv alone
       peer_e2e.py log LOG_CSV [RUNS]       pandas.read_csv + summary_data_from_transaction_data
                                            (daily periods, monetary from `amount`)
Prints one JSON line: {"what", "file", "runs", "seconds": [...], "median_s"}.
"""
import json
import statistics
import sys
import time
import warnings

import pandas as pd
from lifetimes import BetaGeoFitter
from lifetimes.utils import summary_data_from_transaction_data

warnings.filterwarnings("ignore")
what, path = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
times = []
for _ in range(runs):
    t = time.perf_counter()
    df = pd.read_csv(path)
    if what == "read":
        pass
    elif what == "fit":
        BetaGeoFitter().fit(df["frequency"], df["recency"], df["T"])
    else:
        summary_data_from_transaction_data(df, "customer_id", "date", monetary_value_col="amount", freq="D")
    times.append(time.perf_counter() - t)
print(json.dumps({"what": what, "file": path, "runs": runs, "seconds": times, "median_s": statistics.median(times)}))
