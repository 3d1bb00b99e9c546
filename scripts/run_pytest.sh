#!/usr/bin/env bash
# Run the whole pytest suite. GUI tests need a display: use one if present, else Xvfb.
# pytest's exit code 5 ("no tests collected") is a failure here, never a silent pass.
set -uo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
CMD=(.venv/bin/python -m pytest "$@")
if [[ -z "${DISPLAY:-}" ]] && command -v xvfb-run >/dev/null; then
    xvfb-run --auto-servernum --server-args="-screen 0 1920x1080x24" "${CMD[@]}"
else
    "${CMD[@]}"
fi
rc=$?
if [[ $rc -eq 5 ]]; then
    echo "run_pytest: pytest collected no tests; that is a failure" >&2
    exit 1
fi
exit $rc
