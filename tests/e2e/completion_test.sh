#!/usr/bin/env bash
# Tests completion/gazette.bash against the real programs: every option
# --help lists is offered, every value offered for --format, --sort and
# --highlight is one the program accepts (and every format it accepts is
# offered), and query words complete to the field prefixes.
# Usage: tests/completion_test.sh SOURCE_DIR INDEXER SEARCHER
set -uo pipefail
source_dir=$1 indexer=$2 searcher=$3
# shellcheck source=/dev/null
source "$source_dir/completion/gazette.bash"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# Completes the end of LINE (words split as readline does, ':' apart) with
# the function registered for its first word; prints the candidates.
candidates() {
  local line=$1
  COMP_LINE=$line
  COMP_POINT=${#line}
  local spaced=${line//:/ : }
  read -r -a COMP_WORDS <<<"$spaced"
  [[ $line == *" " ]] && COMP_WORDS+=("")
  [[ $line == *: ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  local fn
  fn=$(complete -p "${COMP_WORDS[0]##*/}" | sed 's/.*-F \([^ ]*\) .*/\1/')
  "$fn"
  printf '%s\n' "${COMPREPLY[@]}" | sort
}

# Options as --help lists them, read independently of the completion.
help_options() {
  "$1" --help | grep -E '^  -' | grep -oE '^  -[a-zA-Z0-9]|\[ --[a-z0-9-]+|^  --[a-z0-9-]+' |
    sed 's/^  //; s/^\[ //' | sort
}

for program in "$indexer" "$searcher"; do
  name=${program##*/}
  # Complete through the name, as a user types it.
  eval "$name() { \"$program\" \"\$@\"; }"
  complete -F "_gazette_$name" "$name"
  got=$(candidates "$name -" | grep -v '^$')
  want=$(help_options "$program")
  [[ $got == "$want" ]] || fail "$name - offers:"$'\n'"$got"$'\n'"--help lists:"$'\n'"$want"
done

# Every format the searcher names in its --help is offered, and each
# offered value of each option is accepted (exit 3: no index, not 2: usage).
formats=$("$searcher" --help | sed -n 's/.*--format FORMAT (=text) *\([a-z, ]*[a-z]\).*/\1/p' | tr -d ',' | tr ' ' '\n' | sort)
[[ -n $formats ]] || fail "cannot read the formats from searcher --help"
[[ $(candidates "searcher --format ") == "$formats" ]] ||
  fail "searcher --format offers $(candidates 'searcher --format ' | tr '\n' ' '), --help names $(echo $formats)"
for option in --format --sort --highlight; do
  values=$(candidates "searcher $option ")
  [[ -n $values ]] || fail "searcher $option offers nothing"
  for value in $values; do
    "$searcher" --db /nonexistent/gazette.db "$option" "$value" word >/dev/null 2>&1
    rc=$?
    [[ $rc == 3 ]] || fail "searcher $option $value: exit $rc, expected 3 (value accepted, no index)"
  done
done
for value in $(candidates "indexer stats --format "); do
  "$indexer" stats --db /nonexistent/gazette.db --format "$value" >/dev/null 2>&1
  rc=$?
  [[ $rc == 3 ]] || fail "indexer stats --format $value: exit $rc, expected 3"
done

# Query words complete to field prefixes, also after other words and options.
check() {
  local line=$1 want=$2 got
  got=$(candidates "$line" | tr '\n' ' ' | sed 's/ $//')
  [[ $got == "$want" ]] || fail "'$line' completes to '$got', expected '$want'"
}
check "searcher pe" "person:"
check "searcher golan pl" "place:"
check "searcher --since 2025 o" "org:"
check "searcher --person " ""
check "indexer b" "build"
check "indexer st" "stats"
check "searcher --sort n" "newest"

# Names complete from the index that --db names (else $GAZETTE_DB), escaped
# for the shell, and each one offered is one the filter finds.
db=$(mktemp -d)/gazette.db
trap 'rm -rf "$(dirname "$db")"' EXIT
"$indexer" build "$source_dir/corpus" --db "$db" >/dev/null 2>&1 ||
  fail "cannot index $source_dir/corpus"
check "searcher --db $db --place gol" 'golan golan\ heights'
check "searcher --db $db --person Donald" 'donald\ trump'
check "searcher --db $db --org pal" 'palestinian\ islamic\ jihad'
check "searcher --db $db --org hay\'" "hay\\'at\\ tahrir\\ al-sham"
check "searcher golan --db=$db --place qun" "qunaitra quneitra"
check "searcher --db $db --place zzz" ""
GAZETTE_DB=$db check "searcher talks --person al-sh" "al-sharaa"
offered=0
while IFS= read -r name; do
  [[ -n $name ]] || continue
  offered=$((offered + 1))
  eval "words=($name)"
  [[ ${#words[@]} == 1 ]] || fail "--place $name is not one shell word"
  "$searcher" --db "$db" --place "${words[0]}" --count >/dev/null ||
    fail "--place $name is offered but finds nothing"
done < <(candidates "searcher --db $db --place s")
((offered >= 5)) || fail "--place s offers $offered names"

if ((failures > 0)); then
  echo "$failures completion check(s) failed" >&2
  exit 1
fi
echo "completion: all checks passed"
