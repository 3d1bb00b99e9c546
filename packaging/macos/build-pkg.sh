#!/usr/bin/env bash
# Build dist/Moonbase-<version>.pkg on macOS: both apps in /Applications, the moonbase
# command in /usr/local/moonbase (linked from /usr/local/bin), and the system config
# /Library/Application Support/Moonbase/moonbase.toml created if IT has not put one there.
#   bash packaging/macos/build-pkg.sh        (Python 3.11 with the project's venvs)
# NOT RUN on the Linux development machine; .github/workflows/bundles.yml runs it.
# Unsigned: sign with `productsign --sign "Developer ID Installer: ..."` and notarize for
# distribution outside an MDM.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 packaging/build.py bundles
VERSION=$(python3 -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
STAGE=build/macos/root
rm -rf build/macos && mkdir -p "$STAGE/Applications" "$STAGE/usr/local/moonbase" build/macos/scripts
cp -R "dist/Moonbase Mission Control.app" "dist/Moonbase Player.app" "$STAGE/Applications/"
cp -R dist/moonbase/. "$STAGE/usr/local/moonbase/"
cp packaging/macos/postinstall build/macos/scripts/postinstall
cp packaging/linux/moonbase.toml build/macos/scripts/moonbase.toml
chmod 755 build/macos/scripts/postinstall
pkgbuild --root "$STAGE" --identifier org.moonbase.pkg --version "$VERSION" \
    --scripts build/macos/scripts --install-location / build/macos/moonbase-component.pkg
productbuild --distribution packaging/macos/distribution.xml --package-path build/macos \
    "dist/Moonbase-$VERSION.pkg"
echo "dist/Moonbase-$VERSION.pkg"
