# scripts/deps.sh: install the Debian 12 packages Shallows needs, only the
# missing ones. Fonts: DejaVu (the default), TeX Gyre Termes and Computer
# Modern (CMU) with their math fonts (TeX Gyre Termes Math, Latin Modern
# Math) for `render --font termes|cm`. Sourced by scripts/run and
# scripts/test.
#   shl_install_deps build   # to build and run
#   shl_install_deps test    # to build and run the test suites
#   shl_install_deps fuzz    # the same, and clang for the fuzzers (scripts/test
#                            # without --quick)

SHL_BUILD_PKGS="gcc meson ninja-build pkg-config libglib2.0-dev libjson-glib-dev \
libopenblas-dev libgmp-dev libgtk-4-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core \
fonts-texgyre fonts-texgyre-math fonts-cmu fonts-lmodern"
SHL_TEST_PKGS="xvfb xauth valgrind poppler-utils desktop-file-utils appstream libxtst-dev ffmpeg"
# libFuzzer and its sanitizer runtimes (Debian 12: clang 14)
SHL_FUZZ_PKGS="clang libclang-rt-14-dev"

shl_install_deps () {
  local want="$SHL_BUILD_PKGS"
  [ "${1:-build}" = test ] && want="$want $SHL_TEST_PKGS"
  [ "${1:-build}" = fuzz ] && want="$want $SHL_TEST_PKGS $SHL_FUZZ_PKGS"
  local missing=""
  for p in $want; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing="$missing $p"
    fi
  done
  [ -z "$missing" ] && return 0
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    sudo="sudo"
  fi
  echo "shallows: installing missing packages:$missing"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing || return 1
}

# configure (once) and build a meson build directory
#   shl_build DIR [meson setup options...]
shl_build () {
  local dir="$1"; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@" || return 1
  fi
  ninja -C "$dir" || return 1
}
