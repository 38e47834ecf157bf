#!/usr/bin/env bash
# A project-local PostgreSQL server for the board's PostgreSQL store and its tests.
#
# usage: scripts/postgres.sh start|stop|status|url|dir
#
#   start   install PostgreSQL if no server binaries are found (Debian's `postgresql` package,
#           through apt-get: this needs root), create the cluster if missing, start it, wait
#           until it accepts connections, create the test database, and print its URL. Running
#           `start` again on a running server only prints the URL.
#   stop    stop the server (fast shutdown); nothing happens if it is not running.
#   status  say whether the server is running (exit 0) or not (exit 3).
#   url     print the URL if the server is running, else exit 3.
#   dir     print the cluster's directory.
#
# Where the cluster lives: $PLEBISCITE_PG_DIR if set; else .pgdata/ in the project if a cluster
# is already there (earlier versions kept it there); else a directory of this checkout's own
# under /tmp, /tmp/plebiscite-pg-<first 12 hex digits of SHA-256 of the project's path>/. The
# server must traverse every directory above its cluster, and a checkout often lies under a
# directory it cannot enter (root's home is 0700): /tmp is open to every user. That directory
# belongs to the user who runs the server; the script refuses one that belongs to anyone else.
#
# The server listens only on 127.0.0.1 and on a unix socket in the cluster's run/, on port
# $PLEBISCITE_PG_PORT (default 54329); only its own role may connect, with trust authentication,
# and only from those two places. It keeps the durable defaults (fsync, synchronous_commit on);
# its settings, and the ones a deployment may change and why, are in docs/postgres.md.
# PostgreSQL refuses to run as root: when this script runs as root, the cluster belongs to the
# `postgres` system user (created if missing) and every server command runs as that user.
#
# Environment: PLEBISCITE_PG_PORT (port), PLEBISCITE_PG_DIR (cluster root, see above),
# PLEBISCITE_PG_DB (database, default plebiscite_test).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -n "${PLEBISCITE_PG_DIR:-}" ]; then
    PGROOT="$PLEBISCITE_PG_DIR"
elif [ -f "$ROOT/.pgdata/data/PG_VERSION" ]; then
    PGROOT="$ROOT/.pgdata"
else
    PGROOT="/tmp/plebiscite-pg-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
fi
PORT="${PLEBISCITE_PG_PORT:-54329}"
DB="${PLEBISCITE_PG_DB:-plebiscite_test}"
DATA="$PGROOT/data"
SOCKDIR="$PGROOT/run"
LOG="$PGROOT/server.log"

die() {
    echo "postgres.sh: $*" >&2
    exit 1
}

case "$PORT" in
'' | *[!0-9]*) die "PLEBISCITE_PG_PORT must be a port number, not '$PORT'" ;;
esac
case "$DB" in
'' | *[!a-z0-9_]*) die "PLEBISCITE_PG_DB must be lower-case letters, digits and _, not '$DB'" ;;
esac

# -- the server binaries --------------------------------------------------------------------------

find_bindir() {
    local dir
    # the newest installed major version first
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
        if [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ]; then
            echo "$dir"
            return 0
        fi
    done
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    return 1
}

install_server() {
    if [ "$(id -u)" -ne 0 ]; then
        die "no PostgreSQL server found (pg_ctl and initdb, under /usr/lib/postgresql/*/bin or" \
            "on PATH), and installing it needs root: run 'sudo apt-get install postgresql'," \
            "or run this script as root once"
    fi
    command -v apt-get >/dev/null 2>&1 \
        || die "no PostgreSQL server found and no apt-get to install it: install PostgreSQL"
    echo "postgres.sh: installing Debian's postgresql package (as root)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q postgresql >&2
}

BINDIR=""
need_bindir() {
    if [ -z "$BINDIR" ]; then
        BINDIR="$(find_bindir)" || {
            install_server
            BINDIR="$(find_bindir)" || die "PostgreSQL was installed but pg_ctl is not found"
        }
    fi
}

# -- who runs the server ----------------------------------------------------------------------------

if [ "$(id -u)" -eq 0 ]; then
    # an existing cluster keeps its owner; a new one belongs to the postgres system user
    OWNER="$(stat -c %U "$DATA" 2>/dev/null || echo postgres)"
    [ "$OWNER" != root ] || die "$DATA belongs to root; PostgreSQL cannot run as root"
else
    OWNER="$(id -un)"
fi

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$OWNER" -- "$@"
    else
        "$@"
    fi
}

ensure_owner() {
    [ "$(id -u)" -eq 0 ] || return 0
    if ! id -u "$OWNER" >/dev/null 2>&1; then
        echo "postgres.sh: creating the system user '$OWNER' to run the server" >&2
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$OWNER"
    fi
    as_owner test -x "$(dirname "$PGROOT")" \
        || die "user '$OWNER' cannot reach $(dirname "$PGROOT"): PostgreSQL needs to" \
            "traverse every directory above the cluster (or set PLEBISCITE_PG_DIR)"
}

# -- the cluster ------------------------------------------------------------------------------------

running() {
    [ -f "$DATA/PG_VERSION" ] || return 1
    need_bindir
    as_owner "$BINDIR/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

# the port the running server listens on (line 4 of postmaster.pid)
server_port() {
    sed -n 4p "$DATA/postmaster.pid" 2>/dev/null
}

url() {
    echo "postgresql://$OWNER@127.0.0.1:$(server_port)/$DB"
}

init_cluster() {
    # a directory under /tmp may have been made by anyone: only ours (or root's, handed over)
    [ ! -L "$PGROOT" ] || die "$PGROOT is a symbolic link: remove it, or set PLEBISCITE_PG_DIR"
    mkdir -p "$PGROOT"
    local have
    have="$(stat -c %U "$PGROOT")"
    if [ "$have" != "$OWNER" ] && { [ "$(id -u)" -ne 0 ] || [ "$have" != root ]; }; then
        die "$PGROOT belongs to '$have', not '$OWNER': remove it, or set PLEBISCITE_PG_DIR"
    fi
    # the cluster's files never belong in the repository
    [ -f "$PGROOT/.gitignore" ] || echo '*' >"$PGROOT/.gitignore"
    if [ "$(id -u)" -eq 0 ]; then
        chown "$OWNER": "$PGROOT" "$PGROOT/.gitignore"
    fi
    chmod 0755 "$PGROOT"
    as_owner mkdir -p "$SOCKDIR"
    if [ -f "$DATA/PG_VERSION" ]; then
        return 0
    fi
    echo "postgres.sh: creating the cluster in $DATA (owner $OWNER)" >&2
    as_owner rm -rf "$DATA"
    as_owner "$BINDIR/initdb" -D "$DATA" -U "$OWNER" --auth=trust -E UTF8 --no-locale \
        >"$PGROOT/initdb.log" 2>&1 \
        || { cat "$PGROOT/initdb.log" >&2; die "initdb failed"; }
    # only the cluster's own role, only from the socket and 127.0.0.1
    as_owner tee "$DATA/pg_hba.conf" >/dev/null <<EOF
# TYPE  DATABASE  USER  ADDRESS  METHOD
local   all  $OWNER  trust
host    all  $OWNER  127.0.0.1/32  trust
EOF
    as_owner tee -a "$DATA/postgresql.conf" >/dev/null <<EOF

# plebiscite: a local server for the board store and its tests
listen_addresses = '127.0.0.1'
include_if_exists = 'plebiscite.conf'
max_connections = 200
shared_buffers = 64MB
fsync = on
synchronous_commit = on
full_page_writes = on
EOF
}

start() {
    need_bindir
    ensure_owner
    init_cluster
    if running; then
        if [ -n "${PLEBISCITE_PG_PORT:-}" ] && [ "$(server_port)" != "$PORT" ]; then
            die "the server in $DATA runs on port $(server_port), not $PORT: stop it first"
        fi
        PORT="$(server_port)"
    else
        if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
            die "port $PORT on 127.0.0.1 is taken by another program: choose another with" \
                "PLEBISCITE_PG_PORT"
        fi
        # where this start listens (the project may have moved since initdb)
        as_owner tee "$DATA/plebiscite.conf" >/dev/null <<EOF
port = $PORT
unix_socket_directories = '$SOCKDIR'
EOF
        as_owner "$BINDIR/pg_ctl" start -D "$DATA" -l "$LOG" -w -t 60 >/dev/null \
            || { tail -n 20 "$LOG" >&2 || true; die "the server did not start"; }
    fi
    local i
    for i in $(seq 1 60); do
        as_owner "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT" && break
        [ "$i" -lt 60 ] || die "the server does not accept connections on 127.0.0.1:$PORT"
        sleep 0.5
    done
    if [ -z "$(as_owner "$BINDIR/psql" -h "$SOCKDIR" -p "$PORT" -U "$OWNER" -d postgres -XAtq \
        -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
        as_owner "$BINDIR/createdb" -h "$SOCKDIR" -p "$PORT" -U "$OWNER" "$DB"
    fi
    url
}

stop() {
    if [ -f "$DATA/PG_VERSION" ] && running; then
        as_owner "$BINDIR/pg_ctl" stop -D "$DATA" -m fast -w -t 60 >/dev/null
        echo "postgres.sh: stopped the server in $DATA" >&2
    fi
}

status() {
    if running; then
        echo "running: $(url) (data $DATA)"
    else
        echo "not running (data $DATA)"
        exit 3
    fi
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
url)
    running || exit 3
    url
    ;;
dir) echo "$PGROOT" ;;
*)
    echo "usage: $0 start|stop|status|url|dir" >&2
    exit 2
    ;;
esac
