#!/usr/bin/env bash
# The Python side of the engine matrix: a venv in the repo (.venv-engines, git-ignored) with
# pandas, numpy, DuckDB and Ray Data (ray[data] brings pyarrow). pip uses the machine's configured
# index; set PIP_INDEX_URL to use another. Re-running only checks that everything is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv-engines/bin/python ]; then
  python3 -m venv .venv-engines
fi
.venv-engines/bin/pip install --quiet --disable-pip-version-check --retries 0 pandas numpy duckdb "ray[data]"
.venv-engines/bin/python -c "import pandas, ray, duckdb; print('engines venv: pandas', pandas.__version__, '· ray', ray.__version__, '· duckdb', duckdb.__version__)"
