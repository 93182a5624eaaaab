#!/usr/bin/env bash
# Installs the build into a scratch prefix, as `cmake --install` does for a
# user, and checks what a user gets: the programs, the manual pages, the
# bash completion, and a library package that another CMake project finds
# with find_package(Gazette): examples/search_api is configured, built and
# run against it, and every installed header compiles on its own.
# Usage: tests/install_test.sh SOURCE_DIR BUILD_DIR [CMAKE_ARGS...]
# CMAKE_ARGS configure those projects as the library was built (compiler,
# sanitizers).
set -euo pipefail
source_dir=$1 build_dir=$2
shift 2
consumer_args=("$@")
scratch=$(mktemp -d "${TMPDIR:-/tmp}/gazette-install-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
prefix=$scratch/prefix
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

cmake --install "$build_dir" --prefix "$prefix" >"$scratch/install.log"

for file in bin/indexer bin/searcher \
    include/gazette/searcher.h include/gazette/index_builder.h \
    include/gazette/version.h \
    lib/cmake/Gazette/GazetteConfig.cmake lib/cmake/Gazette/GazetteConfigVersion.cmake \
    share/man/man1/indexer.1 share/man/man1/searcher.1 \
    share/bash-completion/completions/indexer share/bash-completion/completions/searcher; do
  [[ -e $prefix/$file ]] || fail "not installed: $file"
done
ls "$prefix"/lib*/libgazette.* >/dev/null 2>&1 || fail "not installed: libgazette"

# The manual pages are the programs' own words: every option --help lists
# appears in the page, with the sections --help has no room for.
for program in indexer searcher; do
  page=$prefix/share/man/man1/$program.1
  [[ -e $page ]] || continue
  grep -q "^\.TH ${program^^} \"1\"" "$page" || fail "$program.1: no .TH header"
  for section in NAME SYNOPSIS DESCRIPTION ENVIRONMENT FILES "SEE ALSO"; do
    grep -q "^\.SH \"\{0,1\}$section\"\{0,1\}$" "$page" || fail "$program.1: no $section section"
  done
  for option in $("$prefix/bin/$program" --help | grep -oE '^  --[a-z0-9-]+|\[ --[a-z0-9-]+' |
                  sed 's/^  //; s/^\[ //'); do
    # groff escapes each '-' of an option as '\-'.
    grep -qF -- "${option//-/\\-}" "$page" || fail "$program.1 does not mention $option"
  done
done
"$prefix/bin/searcher" --version | grep -q "(Gazette)" || fail "installed searcher does not run"

# The example program, built against the installed package only.
cmake -S "$source_dir/examples/search_api" -B "$scratch/example" \
  -DCMAKE_PREFIX_PATH="$prefix" "${consumer_args[@]}" >"$scratch/example.log" 2>&1 ||
  { cat "$scratch/example.log" >&2; fail "examples/search_api does not configure"; }
cmake --build "$scratch/example" >>"$scratch/example.log" 2>&1 ||
  { cat "$scratch/example.log" >&2; fail "examples/search_api does not build"; }
if [[ -x $scratch/example/search_api ]]; then
  out=$("$scratch/example/search_api" "$source_dir/corpus" "$scratch/example.db" \
    "Golan talks") && rc=0 || rc=$?
  [[ $rc == 0 ]] || fail "search_api exited $rc"
  grep -q "^1. 000_c9a4adc938a6129f.txt (2025-05-28)" <<<"$out" ||
    fail "search_api did not find the seed article: $out"
  grep -q "\[Golan\]" <<<"$out" || fail "search_api shows no highlighted Golan: $out"
  grep -q "^person: " <<<"$out" || fail "search_api shows no person facet: $out"
  # The index it built is an ordinary Gazette index.
  "$prefix/bin/searcher" --db "$scratch/example.db" --count golan >/dev/null ||
    fail "the installed searcher cannot read the example's index"
fi

# The public headers are all that is installed of the library's, and none
# brings Xapian's headers into a program that embeds Gazette.
others=$(cd "$prefix/include" && find . -type f ! -path './gazette/*.h')
[[ -z $others ]] || fail "installed besides include/gazette/*.h: $others"
for header in "$prefix"/include/gazette/*.h; do
  grep -q '#include <xapian' "$header" && fail "$(basename "$header") includes Xapian's headers"
done

# Every installed header compiles alone, so none depends on one that was
# not installed or on being included after another; a xapian.h that stops
# the compiler comes first on the include path, so none includes it
# through another.
mkdir -p "$scratch/headers/poison"
echo '#error "a public Gazette header includes xapian.h"' >"$scratch/headers/poison/xapian.h"
{
  echo 'cmake_minimum_required(VERSION 3.22)'
  echo 'project(GazetteHeaders LANGUAGES CXX)'
  echo 'set(CMAKE_CXX_STANDARD 20)'
  echo 'find_package(Gazette REQUIRED)'
  echo 'add_library(headers OBJECT)'
  echo 'target_include_directories(headers BEFORE PRIVATE poison)'
  echo 'target_link_libraries(headers PRIVATE Gazette::gazette)'
} >"$scratch/headers/CMakeLists.txt"
for header in "$prefix"/include/gazette/*.h; do
  name=$(basename "$header" .h)
  echo "#include <gazette/$name.h>" >"$scratch/headers/$name.cc"
  echo "target_sources(headers PRIVATE $name.cc)" >>"$scratch/headers/CMakeLists.txt"
done
if cmake -S "$scratch/headers" -B "$scratch/headers/build" -DCMAKE_PREFIX_PATH="$prefix" \
    >"$scratch/headers.log" 2>&1 &&
   cmake --build "$scratch/headers/build" -j 2 >>"$scratch/headers.log" 2>&1; then
  :
else
  cat "$scratch/headers.log" >&2
  fail "an installed header does not compile on its own"
fi

if ((failures > 0)); then
  echo "$failures install check(s) failed" >&2
  exit 1
fi
echo "install: all checks passed"
