#!/usr/bin/env bash
# install-deps.sh - installs what the build and the tests need, when it is missing:
# Debian packages (as root, with apt-get) and the npm data packages of deps/.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(build-essential cmake pkg-config python3 clang libclang-rt-14-dev
      libmodest-dev libcld2-dev zlib1g-dev libzstd-dev zstd libxxhash-dev
      libutf8proc-dev libjansson-dev libcmocka-dev util-linux time)

missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "install-deps: installing ${missing[*]}"
    if [[ $(id -u) -ne 0 ]]; then
        SUDO=sudo
    else
        SUDO=
    fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ! -f deps/node_modules/stopwords-iso/stopwords-iso.json ]]; then
    command -v npm >/dev/null || { echo "install-deps: npm is needed for deps/ (stop-word data)" >&2; exit 1; }
    echo "install-deps: npm ci in deps/"
    (cd deps && npm ci --no-audit --no-fund --silent)
fi
