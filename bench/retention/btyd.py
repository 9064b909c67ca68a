"""A BTYD-like purchase log for the scoring-run benchmark (issue 16): each customer joins on a
uniformly random day of the window and buys as in BG/NBD (Fader, Hardie & Lee 2005) — a
Poisson purchase rate lambda ~ Gamma(r, alpha) per day while alive, and after each purchase
dropout with probability p ~ Beta(a, b) — with Gamma-Gamma spend (per-customer mean
nu ~ Gamma(q, gamma), each purchase ~ Gamma(p_spend, nu)). Heterogeneous rates and dropout,
so the fit has something to find.

Usage: btyd.py CUSTOMERS DAYS OUT.csv [SEED]
Writes `n,day,second,amount_minor` sorted by customer then time: n is the customer's 1-based
position (the import's insertion order), day counts back from the window's end (0 = last
day), second is the time of day. Prints the row count and the generating parameters as JSON.
"""
import json
import sys

import numpy as np

R, ALPHA, A, B = 0.9, 20.0, 1.2, 14.0  # BG/NBD, daily rate
P_SPEND, Q, GAMMA = 6.0, 4.0, 900.0  # Gamma-Gamma, minor units: mean spend ~ 18 EUR


def main():
    n, days, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = np.random.default_rng(int(sys.argv[4]) if len(sys.argv) > 4 else 16)
    lam = rng.gamma(R, 1.0 / ALPHA, n)
    p = rng.beta(A, B, n)
    nu = rng.gamma(Q, 1.0 / GAMMA, n)  # rate of each purchase's Gamma
    birth = rng.uniform(0.0, days, n)  # days since the window's start
    cust, at = [np.arange(n)], [birth]
    t = birth.copy()
    alive = np.arange(n)
    # The first purchase is the birth; then purchases until dropout or the window's end.
    while alive.size:
        dead = rng.random(alive.size) < p[alive]
        alive = alive[~dead]
        t_next = t[alive] + rng.exponential(1.0, alive.size) / lam[alive]
        keep = t_next < days
        alive = alive[keep]
        t[alive] = t_next[keep]
        cust.append(alive)
        at.append(t[alive])
    cust = np.concatenate(cust)
    at = np.concatenate(at)
    order = np.lexsort((at, cust))
    cust, at = cust[order], at[order]
    amount = np.maximum(1, rng.gamma(P_SPEND, 1.0 / nu[cust])).astype(np.int64)
    day_back = (days - 1 - np.floor(at)).astype(np.int64)
    second = np.floor((at - np.floor(at)) * 86400).astype(np.int64)
    with open(out, "w") as f:
        f.write("n,day,second,amount_minor\n")
        step = 1_000_000
        for i in range(0, cust.size, step):
            block = np.column_stack((cust[i:i + step] + 1, day_back[i:i + step], second[i:i + step], amount[i:i + step]))
            f.write("\n".join(",".join(map(str, r)) for r in block.tolist()))
            f.write("\n")
    print(json.dumps({"rows": int(cust.size), "customers": n, "days": days,
                      "bgnbd_daily": {"r": R, "alpha": ALPHA, "a": A, "b": B},
                      "gamma_gamma_minor": {"p": P_SPEND, "q": Q, "gamma": GAMMA},
                      "buyers_repeat": int(np.count_nonzero(np.bincount(cust, minlength=n) > 1))}))


if __name__ == "__main__":
    main()
