#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for tests and benchmarks (Debian's postgresql-15; scripts/deps.sh installs it).
#
#   scripts/pg-cluster.sh start DIR [PORT]   initdb + start a cluster in DIR (created; an old one there is removed
#                                            first); prints its admin URL, also written to DIR/url
#   scripts/pg-cluster.sh url DIR            prints DIR/url
#   scripts/pg-cluster.sh stop DIR           stops it and removes DIR (also when the start failed half-way)
#
# The URL is postgresql://lounge@127.0.0.1:PORT/postgres (role `lounge`, superuser, trust authentication on
# loopback and on the socket in DIR: only for throw-away clusters). `createdb`/`psql` work with that URL, and
# lounge-central takes postgresql://lounge@127.0.0.1:PORT/<db>. PORT: default a free one from 15432 up.
# initdb and postgres refuse to run as root: as root the cluster runs as `nobody` (DIR is chown'ed to it), so DIR
# must be somewhere nobody can reach (the default TMPDIR /tmp is). Durability is off (fsync=off): test data only.
set -euo pipefail

bin=/usr/lib/postgresql/15/bin
cmd=${1:-}
dir=${2:-}
if [[ -z "$cmd" || -z "$dir" ]]; then
    sed -n '2,13p' "$0" >&2
    exit 64
fi

as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u nobody -- "$@"
    else
        "$@"
    fi
}

stop() {
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

case "$cmd" in
start)
    [[ -x "$bin/initdb" ]] || { echo "pg-cluster: $bin/initdb missing (apt-get install postgresql-15)" >&2; exit 69; }
    stop
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    chmod 700 "$dir"
    if [[ $(id -u) -eq 0 ]]; then
        chown nobody: "$dir"
    fi
    as_owner "$bin/initdb" -D "$dir/data" -U lounge --auth=trust -E UTF8 --no-locale -N >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; stop; exit 1; }
    port=${3:-}
    candidates=()
    if [[ -n "$port" ]]; then
        candidates=("$port")
    else
        for p in $(seq 15432 15531); do port_free "$p" && candidates+=("$p"); done
    fi
    started=
    for p in "${candidates[@]:0:10}"; do
        # Another cluster may take the port between the probe and the start: try the next one.
        if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
            -o "-p $p -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
                -c full_page_writes=off -c max_connections=200 -c shared_buffers=64MB" start >/dev/null 2>&1; then
            started=$p
            break
        fi
    done
    if [[ -z "$started" ]]; then
        tail -20 "$dir/postgres.log" >&2 || true
        echo "pg-cluster: could not start PostgreSQL in $dir" >&2
        stop
        exit 1
    fi
    echo "postgresql://lounge@127.0.0.1:$started/postgres" | as_owner tee "$dir/url"
    ;;
url)
    cat "$dir/url"
    ;;
stop)
    stop
    ;;
*)
    echo "pg-cluster: unknown command $cmd (start|url|stop)" >&2
    exit 64
    ;;
esac
