# Bash completion for Gazette's indexer and searcher.
#
# Options are read from the program's own --help, so completion offers
# exactly the options the installed program has. Query words complete the
# field prefixes of the query syntax (person:, place:, org:, ...).
# Installed as share/bash-completion/completions/{indexer,searcher}; to try
# it from a checkout: source completion/gazette.bash

# Options listed by "$1 --help" (lines such as "  -n [ --limit ] N" and
# "  --db PATH"), cached per program path.
declare -gA _gazette_options_cache
_gazette_options() {
  local program=$1 line options=""
  if [[ -z ${_gazette_options_cache[$program]+set} ]]; then
    while read -r line; do
      if [[ $line =~ ^(-[a-zA-Z0-9])\ \[\ (--[a-z0-9-]+)\ \] ]]; then
        options+=" ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
      elif [[ $line =~ ^(--[a-z0-9-]+) ]]; then
        options+=" ${BASH_REMATCH[1]}"
      fi
    done < <("$program" --help 2>/dev/null | grep -E '^  -')
    _gazette_options_cache[$program]=$options
  fi
  printf '%s' "${_gazette_options_cache[$program]}"
}

# The word being completed, whole: bash splits "person:al" at the colon.
_gazette_current_word() {
  local line=${COMP_LINE:0:COMP_POINT}
  printf '%s' "${line##*[[:space:]]}"
}

# Sets COMPREPLY to the candidates matching $cur, minus what bash already
# has before the last colon (it treats ':' as a word break).
_gazette_reply() {
  local cur=$1
  shift
  COMPREPLY=($(compgen -W "$*" -- "$cur"))
  if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
    local prefix=${cur%"${cur##*:}"}
    COMPREPLY=("${COMPREPLY[@]#"$prefix"}")
  fi
}

_gazette_searcher() {
  local program=${COMP_WORDS[0]}
  local cur prev
  cur=$(_gazette_current_word)
  prev=${COMP_WORDS[COMP_CWORD - 1]}
  # "person:al" arrives as person, :, al: the option before it is further back.
  [[ $cur == *:* ]] && prev=""
  case $prev in
    --db) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --format) _gazette_reply "$cur" text json jsonl paths tsv; return ;;
    --sort) _gazette_reply "$cur" relevance newest oldest; return ;;
    --highlight) _gazette_reply "$cur" auto ansi markers none; return ;;
    --since | --until | --person | --place | --org | --limit | -n | --offset | \
      --format-version | --highlight-markers | --jobs | -j) return ;;
  esac
  if [[ $cur == -* ]]; then
    _gazette_reply "$cur" "$(_gazette_options "$program")"
  else
    _gazette_reply "$cur" person: place: org: group: entity: title: date: \
      year: month: day: id:
    compopt -o nospace 2>/dev/null
  fi
}

_gazette_indexer() {
  local program=${COMP_WORDS[0]}
  local cur=${COMP_WORDS[COMP_CWORD]}
  local prev=${COMP_WORDS[COMP_CWORD - 1]}
  case $prev in
    --db) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --format) _gazette_reply "$cur" text json; return ;;
    --jobs | -j | --top) return ;;
  esac
  if [[ $cur == -* ]]; then
    _gazette_reply "$cur" "$(_gazette_options "$program")"
  elif ((COMP_CWORD == 1)); then
    _gazette_reply "$cur" build stats
  else
    COMPREPLY=($(compgen -d -- "$cur"))
  fi
}

complete -F _gazette_searcher searcher
complete -F _gazette_indexer indexer
