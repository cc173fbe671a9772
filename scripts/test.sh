#!/usr/bin/env bash
# The one test command: installs system deps (LibreOffice, poppler, Thai fonts) if
# missing, installs the package with test extras, runs pytest (extra args are passed on).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh
python3 -m pip install -q -e '.[test]'
python3 -m pytest -q "$@"
