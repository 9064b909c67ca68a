#!/usr/bin/env python3
"""The scikit-learn peer of `carewell-predict classify`: the same 5x5 repeated stratified
cross-validation of an L2 logistic regression (C=1 = carewell's --lambda 1), with the
same preprocessing fitted per training fold (numeric: mean imputation + missing indicator +
standardisation; categorical: one-hot, unknown levels -> zeros, at most 50 levels).
Numeric vs categorical is decided like carewell: numeric when every non-blank value parses.

usage: classify_sklearn.py FILE TARGET [ID] [SEED]
prints one JSON line {"auc_mean","auc_std","folds","seconds_cv","seconds_read"}.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

path, target = sys.argv[1], sys.argv[2]
id_col = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0

t0 = time.perf_counter()
df = pd.read_csv(path, dtype=str, keep_default_na=False)
t_read = time.perf_counter() - t0
y = df.pop(target).str.strip().str.lower().map({"yes": 1, "no": 0, "1": 1, "0": 0, "true": 1, "false": 0})
if y.isna().any():
    sys.exit("target values other than Yes/No, 1/0, true/false")
if id_col:
    df.pop(id_col)
num, cat = [], []
for c in df.columns:
    s = df[c].str.strip()
    v = pd.to_numeric(s.where(s != ""), errors="coerce")
    if ((s == "") | v.notna()).all():
        df[c] = v
        num.append(c)
    else:
        cat.append(c)
pre = ColumnTransformer([
    ("num", make_pipeline(SimpleImputer(strategy="mean", add_indicator=True), StandardScaler()), num),
    ("cat", make_pipeline(OneHotEncoder(handle_unknown="ignore", max_categories=51), StandardScaler(with_mean=False)), cat),
])
model = make_pipeline(pre, LogisticRegression(C=1.0, max_iter=1000))
cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=5, random_state=seed)
t0 = time.perf_counter()
scores = cross_val_score(model, df, y.astype(int), cv=cv, scoring="roc_auc", n_jobs=1)
t_cv = time.perf_counter() - t0
print(json.dumps({"auc_mean": float(np.mean(scores)), "auc_std": float(np.std(scores)), "folds": len(scores),
                  "seconds_cv": round(t_cv, 3), "seconds_read": round(t_read, 3)}))
