#!/usr/bin/env bash
# Serves each shard of a Gazette index with Xapian's stock xapian-tcpsrv
# (Debian's xapian-tools), and stops them again.
#
#   scripts/serve-shards.sh start INDEX STATE_DIR [--host ADDR] [--port N]
#                           [--idle-timeout MS]
#   scripts/serve-shards.sh stop STATE_DIR
#
# start: one xapian-tcpsrv per line of INDEX's stub (INDEX/XAPIANDB; an
# index of one database is served as one shard), listening on ADDR
# (default 127.0.0.1) at ports from N on (default: free ports picked at
# random), each waited for at most 10 s. Writes STATE_DIR/XAPIANDB, a stub
# that lists them in the index's order (`remote ADDR:PORT`), so that
# `searcher --db STATE_DIR` searches them as it would search INDEX, and
# STATE_DIR/pids. Prints the stub's path. If any server fails to start,
# stops those it started and exits 1.
# stop: stops the servers STATE_DIR/pids names (SIGTERM, then SIGKILL after
# 5 s) and removes the pid file.
#
# xapian-tcpsrv has no authentication and no encryption: serve on loopback
# or a private network only (README, "Serving shards").
set -euo pipefail

die() {
  echo "serve-shards.sh: $*" >&2
  exit 1
}

usage() {
  sed -n '4,7p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# The databases INDEX's stub lists, one per line, as paths.
shard_paths() {
  local index=$1
  if [ ! -f "$index/XAPIANDB" ]; then
    [ -e "$index/iamglass" ] || die "no index at '$index'"
    echo "$index"
    return
  fi
  local type path
  while read -r type path; do
    case "$type" in
      '' | '#'*) continue ;;
      auto | glass) ;;
      *) die "'$index/XAPIANDB' lists '$type $path': only local shards can be served" ;;
    esac
    case "$path" in
      /*) echo "$path" ;;
      *) echo "$index/$path" ;;
    esac
  done <"$index/XAPIANDB"
}

# Waits up to 10 s for the server with pid $1 logging to $2 to listen.
# Returns 1 if it exits first or does not listen in time.
wait_listening() {
  local pid=$1 log=$2
  for _ in $(seq 100); do
    grep -q '^Listening' "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

stop_servers() {
  local state=$1
  [ -f "$state/pids" ] || return 0
  local pids
  pids=$(cat "$state/pids")
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 50); do
    local alive=0
    for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break
    sleep 0.1
  done
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
  rm -f "$state/pids"
}

start() {
  [ $# -ge 2 ] || usage
  local index=${1%/} state=$2
  shift 2
  local host=127.0.0.1 port=0 idle=60000
  while [ $# -gt 0 ]; do
    case "$1" in
      --host) host=$2; shift 2 ;;
      --port) port=$2; shift 2 ;;
      --idle-timeout) idle=$2; shift 2 ;;
      *) usage ;;
    esac
  done
  command -v xapian-tcpsrv >/dev/null ||
    die "xapian-tcpsrv not found: install xapian-tools (scripts/install-deps.sh)"
  index=$(cd "$index" && pwd) || die "no index at '$index'"
  mkdir -p "$state"
  [ ! -s "$state/pids" ] || die "'$state' already has servers: stop them first"
  local shards
  shards=$(shard_paths "$index")
  [ -n "$shards" ] || die "'$index/XAPIANDB' lists no shards"
  : >"$state/pids"
  local stub="" n=0 shard
  while read -r shard; do
    local log="$state/shard-$n.log" tries=0 pid
    while :; do
      local p=$port
      if [ "$port" -eq 0 ]; then
        p=$((20000 + RANDOM % 40000))
      else
        p=$((port + n))
      fi
      # In a session of its own: on SIGTERM xapian-tcpsrv signals its whole
      # process group (to end the children serving connections), which
      # would otherwise be whoever started it.
      setsid xapian-tcpsrv --interface "$host" --port "$p" \
        --idle-timeout "$idle" "$shard" >"$log" 2>&1 &
      pid=$!
      if wait_listening "$pid" "$log"; then
        break
      fi
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      tries=$((tries + 1))
      # A port taken by someone else: another random one, a few times.
      if [ "$port" -ne 0 ] || [ $tries -ge 20 ]; then
        echo "serve-shards.sh: xapian-tcpsrv for '$shard' did not start:" >&2
        sed 's/^/  /' "$log" >&2
        stop_servers "$state"
        exit 1
      fi
    done
    echo "$pid" >>"$state/pids"
    case "$host" in
      *:*) stub+="remote [$host]:$p"$'\n' ;;
      *) stub+="remote $host:$p"$'\n' ;;
    esac
    n=$((n + 1))
  done <<<"$shards"
  printf '%s' "$stub" >"$state/XAPIANDB.new"
  mv "$state/XAPIANDB.new" "$state/XAPIANDB"
  echo "$state/XAPIANDB"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) [ $# -eq 2 ] || usage; stop_servers "$2" ;;
  *) usage ;;
esac
