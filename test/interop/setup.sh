#!/usr/bin/env bash
# Creates test/interop/.venv with real Paimon (pypaimon) for the interop suite. Idempotent: a stamp holding
# the requirements' hash skips the install when nothing changed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"
command -v "$python" >/dev/null || { echo "interop: $python not found; the interop suite needs Python >= 3.9 with venv" >&2; exit 1; }
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [[ -f "$venv/.stamp" && "$(cat "$venv/.stamp")" == "$want" ]]; then
  exit 0
fi
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
echo "$want" > "$venv/.stamp"
echo "interop: installed $(grep -c . "$here/requirements.txt") requirement lines into $venv"
