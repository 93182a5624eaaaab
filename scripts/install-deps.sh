#!/usr/bin/env bash
# Installs the Debian packages Gazette needs to build and test, skipping any
# already present. Idempotent; runs apt-get as root, through sudo otherwise.
set -euo pipefail

packages=(
  cmake g++ make pkg-config       # toolchain
  libxapian-dev                   # search engine; Xapian::Stem is Snowball
  libboost-program-options-dev    # command-line parsing in the binaries
  nlohmann-json3-dev              # JSON output and stored article records
  libxxhash-dev                   # content fingerprints for incremental builds
  doctest-dev                     # unit tests
  xapian-tools                    # xapian-check, used by reliability tests
  help2man                        # indexer(1) and searcher(1), from --help
  universal-ctags                 # the function-length rule's test
  libcpp-httplib-dev              # the HTTP server behind searcher --serve
  chromium                        # the web page's test (tests/browser/), headless
)
# Extra groups, asked for by name: scripts/install-deps.sh bench
for group in "$@"; do
  case "$group" in
    bench) packages+=(xapian-omega hyperfine time) ;;
    fuzz) packages+=(clang libclang-rt-14-dev) ;;
    format) packages+=(clang-format) ;;
    *) echo "install-deps.sh: unknown group '$group' (valid: bench, fuzz, format)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "install-deps.sh: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi
echo "install-deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
