# Bash completion for Gazette's indexer and searcher.
#
# Options are read from the program's own --help, so completion offers
# exactly the options the installed program has. Query words complete the
# field prefixes of the query syntax (person:, place:, org:, ...); the values
# of --person, --place and --org complete to the names in the index (the
# one --db names on the line, else the searcher's default), most-mentioned
# first, through `searcher --complete-name`.
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

# Sets COMPREPLY to the names of type $2 in the index that start with $3,
# escaped for the shell ("saudi\ arabia").
_gazette_names() {
  local program=$1 type=$2 cur=$3 db="" i name
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      --db) db=${COMP_WORDS[i + 1]} ;;
      --db=*) db=${COMP_WORDS[i]#--db=} ;;
    esac
  done
  # What was typed, as the program will see it: without quotes and escapes.
  cur=${cur//\\/}
  cur=${cur#[\"\']}
  local -a args=(--complete-name "$type:$cur" --limit 50)
  [[ -n $db ]] && args+=(--db "$db")
  COMPREPLY=()
  while IFS= read -r name; do
    COMPREPLY+=("$(printf '%q' "$name")")
  done < <("$program" "${args[@]}" 2>/dev/null)
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
    --person | --place | --org)
      _gazette_names "$program" "${prev#--}" "${COMP_WORDS[COMP_CWORD]}"
      return
      ;;
    --since | --until | --limit | -n | --offset | --format-version | \
      --highlight-markers | --jobs | -j | --complete-name | --serve | \
      --serve-clients | --connect-timeout | --timeout | --like | \
      --related-by-entities | --within-days | --facet-sample | \
      --similar-to) return ;;
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
    --db | --corrections) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --format) _gazette_reply "$cur" text json; return ;;
    --jobs | -j | --top | --commit-every | --shards | --changesets) return ;;
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
