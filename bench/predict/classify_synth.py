#!/usr/bin/env python3
"""Writes a synthetic churn table for `carewell-predict classify` benchmarks: N rows, an id,
12 numeric columns (2 % blanks in three of them) and 8 categorical ones (3 to 12 levels),
and a Yes/No target drawn from a logistic model of some of them (the rest is noise).

usage: classify_synth.py N OUT.csv [SEED]
"""
import csv
import math
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
levels = [[f"l{j}" for j in range(3 + (k * 3) % 10)] for k in range(8)]
num_coef = [0.8, -0.6, 0.4, 0.3, -0.2, 0.1, 0, 0, 0, 0, 0, 0]
cat_effect = [[rng.gauss(0, 0.5) if k < 4 else 0.0 for _ in lv] for k, lv in enumerate(levels)]
with open(out, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id"] + [f"n{k}" for k in range(12)] + [f"c{k}" for k in range(8)] + ["churn"])
    for i in range(n):
        x = [rng.gauss(0, 1) * (1 + k) + 10 * k for k in range(12)]
        c = [rng.randrange(len(lv)) for lv in levels]
        z = -1.0 + sum(b * (v - 10 * k) / (1 + k) for k, (b, v) in enumerate(zip(num_coef, x)))
        z += sum(cat_effect[k][j] for k, j in enumerate(c))
        churn = rng.random() < 1 / (1 + math.exp(-z))
        cells = [f"{v:.4f}" if not (k < 3 and rng.random() < 0.02) else "" for k, v in enumerate(x)]
        w.writerow([f"c{i}"] + cells + [levels[k][j] for k, j in enumerate(c)] + ["Yes" if churn else "No"])
