#!/bin/sh
# Remove Moonbase from a Mac (as root). The results databases in each user's
# ~/Library/Application Support/moonbase and the system config stay unless --purge is given.
set -e
rm -rf "/Applications/Moonbase Mission Control.app" "/Applications/Moonbase Player.app" \
       /usr/local/moonbase /usr/local/bin/moonbase
pkgutil --forget org.moonbase.pkg >/dev/null 2>&1 || true
if [ "${1:-}" = "--purge" ]; then
    rm -rf "/Library/Application Support/Moonbase"
fi
