#!/usr/bin/env bash
# Installs the Debian packages the app and its tests need (Qt's system libraries, a venv-capable
# Python, Xvfb for screenshots, poppler for looking at PDFs, LibreOffice Calc for the test that
# re-saves a batch workbook). Safe to repeat; does nothing where the packages are present, and only
# prints advice when it is not root on a Debian-like system.
set -euo pipefail

mode=${1:-test}
packages=(python3-venv libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3
          poppler-utils libreoffice-calc-nogui  # soffice: the batch-workbook re-save round-trip test
          binutils)  # objdump, for PyInstaller: the test that builds the bundle
if [ "$mode" = "run" ] || [ "$mode" = "all" ]; then
  packages+=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0
             libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1)
fi
if [ "$mode" = "all" ]; then
  packages+=(xvfb xauth imagemagick)
fi

command -v dpkg-query >/dev/null 2>&1 || exit 0   # not Debian: see the README for your system
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
