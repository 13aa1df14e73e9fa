#!/usr/bin/env bash
# Creates test/interop/.venv with real Paimon (pypaimon) and DuckDB for the interop suite.
# Idempotent: a stamp holding the hash of requirements.txt and the Python version skips everything when
# nothing changed; otherwise the requirements are (re)installed into the existing venv.
# PYTHON=/path/to/python3 picks the interpreter (default: python3). Needs Python >= 3.9 with venv and pip.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"

fail() { echo "interop setup: $*" >&2; exit 1; }

command -v "$python" >/dev/null 2>&1 ||
  fail "'$python' not found. The interop suite needs Python >= 3.9 (with the venv module); install it or set PYTHON=/path/to/python3."
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' ||
  fail "$("$python" --version 2>&1) is too old: pypaimon 2.1.0 and its pinned dependencies need Python >= 3.9."

want="$(cat "$here/requirements.txt" <("$python" --version 2>&1) | sha256sum | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$venv/.stamp" && "$(cat "$venv/.stamp")" == "$want" ]]; then
  exit 0
fi

if ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
  rm -rf "$venv"
  "$python" -m venv "$venv" ||
    fail "'$python -m venv' failed; install the venv module (e.g. apt-get install python3-venv)."
fi
echo "interop setup: installing test/interop/requirements.txt into $venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt" ||
  fail "pip install -r test/interop/requirements.txt failed (see above)."
"$venv/bin/python" -c 'import pypaimon, pyarrow, duckdb, fastavro' ||
  fail "the venv was installed but pypaimon/pyarrow/duckdb/fastavro do not import."
echo "$want" > "$venv/.stamp"
echo "interop setup: ready ($("$venv/bin/python" -c 'from importlib.metadata import version as v; print("pypaimon", v("pypaimon"), "pyarrow", v("pyarrow"), "duckdb", v("duckdb"))'))" >&2
