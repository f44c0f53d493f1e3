#!/usr/bin/env bash
# Installs the Debian packages the full test suite uses: Chromium for the
# report's browser test, Open MPI for the MPI example, numpy and scipy for
# the Python comparison, hyperfine for the import test. Run as root (or
# with sudo available). Packages already present are left alone.
set -euo pipefail
pkgs=(chromium fonts-liberation openmpi-bin libopenmpi-dev python3-numpy python3-scipy hyperfine)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "install-deps: everything is installed"
	exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
