#!/usr/bin/env bash
# Create bench/predict/.venv with the Python peer library `lifetimes` (0.11.3, the
# last release) and pins that work with it on Python 3.11.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet "numpy<2" "pandas<2" "scipy<1.12" "autograd>=1.5" "dill" "lifetimes==0.11.3"
.venv/bin/python -c "import lifetimes, numpy, pandas, scipy; print('lifetimes', lifetimes.__version__, 'numpy', numpy.__version__, 'pandas', pandas.__version__, 'scipy', scipy.__version__)"
