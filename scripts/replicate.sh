#!/usr/bin/env bash
# Read replicas of a Gazette index with Xapian's stock replication tools
# (Debian's xapian-tools): xapian-replicate-server on the master,
# xapian-replicate on each replica.
#
#   scripts/replicate.sh start INDEX STATE_DIR [--host ADDR] [--port N]
#   scripts/replicate.sh pull HOST:PORT REPLICA [--shards N] [--master NAME]
#   scripts/replicate.sh stop STATE_DIR
#
# start (on the master): one xapian-replicate-server for INDEX, listening
# on ADDR (default 127.0.0.1) at port N (default: a free port picked at
# random), waited for at most 10 s. A sharded index's directory is served
# as it is, each shard by its name (shard-0 ...); an index of one database
# is served from its parent directory, by its own name. Writes
# STATE_DIR/pid and prints HOST:PORT. If it does not start, exits 1.
# pull (on a replica): brings REPLICA up to date with the master once:
# with --shards N, each shard-I into REPLICA/shard-I and the stub
# REPLICA/XAPIANDB listing them, as the master's lists its own; otherwise
# the database NAME (default: REPLICA's own name) into REPLICA. The first
# pull copies whole databases; later ones apply the changes of the commits
# since, if the master's indexer keeps them (`indexer build --changesets N`),
# else copy again; prints a line per database saying which it did. Gives
# up on a database after 30 s. Changesets are applied one after the other
# without xapian-replicate's default 30 s pause for readers between them
# (--reader-time 0): a searcher whose revision a changeset replaces
# reopens the replica and reads again, as it does during a build. Run it as often as the replica should
# follow (cron, or a loop).
# stop: stops the server STATE_DIR/pid names (SIGTERM, then SIGKILL after
# 5 s).
#
# The replication protocol has no authentication and no encryption: listen
# on loopback or a private network only (README, "Replicas").
set -euo pipefail

die() {
  echo "replicate.sh: $*" >&2
  exit 1
}

usage() {
  sed -n '6,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

need() {
  command -v "$1" >/dev/null ||
    die "$1 not found: install xapian-tools (scripts/install-deps.sh)"
}

# Waits up to 10 s for the server with pid $1 to accept connections on
# $2:$3. Returns 1 if it exits first or does not listen in time.
wait_listening() {
  local pid=$1 host=$2 port=$3
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || return 1
    # A connection closed at once: the server reads no request and goes on.
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

start() {
  [ $# -ge 2 ] || usage
  local index=${1%/} state=$2
  shift 2
  local host=127.0.0.1 port=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --host) host=$2; shift 2 ;;
      --port) port=$2; shift 2 ;;
      *) usage ;;
    esac
  done
  need xapian-replicate-server
  index=$(cd "$index" && pwd) || die "no index at '$index'"
  local served=$index
  [ -f "$index/XAPIANDB" ] || served=$(dirname "$index")
  mkdir -p "$state"
  [ ! -s "$state/pid" ] || die "'$state' already has a server: stop it first"
  local log="$state/replicate-server.log" tries=0 pid p
  while :; do
    p=$port
    [ "$port" -ne 0 ] || p=$((20000 + RANDOM % 40000))
    # In a session of its own, as serve-shards.sh starts xapian-tcpsrv.
    setsid xapian-replicate-server --interface "$host" --port "$p" \
      "$served" >"$log" 2>&1 &
    pid=$!
    if wait_listening "$pid" "$host" "$p"; then
      break
    fi
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    tries=$((tries + 1))
    # A port taken by someone else: another random one, a few times.
    if [ "$port" -ne 0 ] || [ $tries -ge 20 ]; then
      echo "replicate.sh: xapian-replicate-server for '$served' did not start:" >&2
      sed 's/^/  /' "$log" >&2
      exit 1
    fi
  done
  echo "$pid" >"$state/pid"
  echo "$host:$p"
}

# Replicates master $3 from $1:$2 into $4, once, and prints what it
# brought: "MASTER: Update complete: C copies, N changesets, ...".
replicate_one() {
  local host=$1 port=$2 master=$3 replica=$4 out
  mkdir -p "$(dirname "$replica")"
  if ! out=$(timeout 30 xapian-replicate --host "$host" --port "$port" \
    --master "$master" --one-shot --reader-time 0 --verbose --timeout 10 \
    "$replica" 2>&1); then
    printf '%s\n' "$out" | sed 's/^/  /' >&2
    die "could not replicate '$master' from $host:$port into '$replica'"
  fi
  printf '%s\n' "$out" | sed -n "s/^Update complete/$master: &/p"
}

pull() {
  [ $# -ge 2 ] || usage
  local address=$1 replica=${2%/}
  shift 2
  local shards=0 master
  master=$(basename "$replica")
  while [ $# -gt 0 ]; do
    case "$1" in
      --shards) shards=$2; shift 2 ;;
      --master) master=$2; shift 2 ;;
      *) usage ;;
    esac
  done
  need xapian-replicate
  local host=${address%:*} port=${address##*:}
  host=${host#[}
  host=${host%]}
  if [ "$shards" -eq 0 ]; then
    replicate_one "$host" "$port" "$master" "$replica"
    return
  fi
  mkdir -p "$replica"
  local stub="" i
  for ((i = 0; i < shards; i++)); do
    replicate_one "$host" "$port" "shard-$i" "$replica/shard-$i"
    stub+="auto shard-$i"$'\n'
  done
  printf '%s' "$stub" >"$replica/XAPIANDB.new"
  mv "$replica/XAPIANDB.new" "$replica/XAPIANDB"
}

stop() {
  local state=$1
  [ -f "$state/pid" ] || return 0
  local pid
  pid=$(cat "$state/pid")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$state/pid"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  pull) shift; pull "$@" ;;
  stop) [ $# -eq 2 ] || usage; stop "$2" ;;
  *) usage ;;
esac
