# Shared by scripts/demo and scripts/test: installs the Debian packages that are missing,
# then configures and builds one CMake preset. Source it; do not run it.
set -euo pipefail

YISHI_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export YISHI_ROOT

# Everything a fresh Debian 12 needs to build, test and run yishi.
YISHI_PACKAGES=(
  g++ cmake ninja-build pkg-config
  libcli11-dev libsqlitecpp-dev libsqlite3-dev libfmt-dev libtomlplusplus-dev doctest-dev
  nlohmann-json3-dev libutf8proc-dev libkainjow-mustache-dev
  libpango1.0-dev libcairo2-dev fonts-noto-cjk gettext libssl-dev libqrencode-dev libcpp-httplib-dev
  libsodium-dev libxlsxwriter-dev libzip-dev libexpat1-dev libpq-dev
  python3 sqlite3 poppler-utils
)

# The tests also read the sheets the way a villager would: PDF tools, and a browser for the HTML.
# and a PostgreSQL 15 server, started as a throwaway cluster for the district tests (tests/support/pgcluster.py).
# The Chinese manual pages are rendered with man (tests/package/check_man.py); the township's roster is
# written by an independent Excel writer (openpyxl) for the roster test.
YISHI_TEST_PACKAGES=(chromium postgresql-15 man-db python3-openpyxl)

# The Debian package: dpkg-shlibdeps computes its Depends; the package test reads a manual page with man;
# lintian checks it as Debian would.
YISHI_PACKAGE_PACKAGES=(dpkg-dev file man-db lintian)

# The fuzz targets need clang and its libFuzzer runtime.
YISHI_FUZZ_PACKAGES=(clang libclang-rt-14-dev)

# yishi_install_packages [EXTRA...]: installs what is missing of YISHI_PACKAGES and EXTRA.
yishi_install_packages() {
  local missing=() pkg
  for pkg in "${YISHI_PACKAGES[@]}" "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "Installing missing Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      echo "error: need root (or sudo) to install: ${missing[*]}" >&2
      exit 1
    fi
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# yishi_build PRESET: configure and build build/PRESET.
yishi_build() {
  local preset=$1
  cd "$YISHI_ROOT"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
}
