#!/usr/bin/env bash
# Set up everything `make demo` and `make test` need, on a fresh Debian machine or a laptop:
#   1. the Debian libraries Qt and Arcade load, and curl and jq (docs/cloud.md's commands, run
#      by a test), only when root on Debian and something is missing,
#   2. .venv with the packages pinned in pyproject.toml.
# Safe to run again: each step checks before it acts.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
DEB_PACKAGES=(
    libgl1 libegl1 libopengl0 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0
    libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
    libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libgl1-mesa-dri
    xvfb xauth
    curl jq  # tests/app/cloud/test_admin_guide.py runs docs/cloud.md's commands
    binutils  # make dist: PyInstaller reads and strips libraries with objdump, strip, readelf
)

install_debian_libraries() {
    if [[ ! -f /etc/debian_version ]] || ! command -v dpkg-query >/dev/null; then
        return 0
    fi
    # Debian's own python3.11 keeps libpython in a package of its own; PyInstaller needs it
    if [[ -x /usr/bin/python3.11 ]]; then
        DEB_PACKAGES+=(libpython3.11)
    fi
    local missing=()
    for pkg in "${DEB_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$pkg")
        fi
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        return 0
    fi
    if [[ $(id -u) -ne 0 ]]; then
        echo "bootstrap: missing Debian packages: ${missing[*]}" >&2
        echo "bootstrap: install them with: sudo apt-get install ${missing[*]}" >&2
        return 0
    fi
    echo "bootstrap: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

pick_python() {
    for candidate in python3.11 python3.12 python3.13 python3; do
        if command -v "$candidate" >/dev/null \
            && "$candidate" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] < (3, 14)))'; then
            echo "$candidate"
            return 0
        fi
    done
    echo "bootstrap: Python 3.11 to 3.13 is required and none was found" >&2
    return 1
}

install_debian_libraries

if [[ ! -x "$VENV/bin/python" ]]; then
    PYTHON=$(pick_python)
    echo "bootstrap: creating $VENV with $PYTHON"
    "$PYTHON" -m venv "$VENV"
fi

STAMP="$VENV/.moonbase-installed"
if [[ ! -f "$STAMP" || pyproject.toml -nt "$STAMP" ]]; then
    echo "bootstrap: installing pinned packages into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[all,dev,packaging]"
    touch "$STAMP"
fi
