# shellcheck shell=bash
# Local PostgreSQL clusters for MonMaster (dev runs and tests).
#
# Source this file, then call:
#   pg_bin_dir                          dir holding initdb/pg_ctl/postgres (installs them as root if missing)
#   pg_start DATA_DIR PORT              create the cluster if needed and start it (127.0.0.1 only); refuses a
#                                       PORT that another cluster or program holds, saying which
#   pg_stop DATA_DIR                    stop it (fast shutdown); no-op if not running
#   pg_ensure_db DATA_DIR PORT DBNAME   create the database if missing, (re)apply adapters/MonMaster.Postgres/Schema/*.sql
#   pg_connection_string PORT DBNAME    Npgsql connection string for that database
#
# Functions print errors to stderr and return non-zero on failure; they never call exit.
# As root the server runs as the OS user "postgres" (PostgreSQL refuses root).

_PG_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

_pg_err() { printf 'postgres.sh: %s\n' "$*" >&2; }

_pg_is_root() { [ "$(id -u)" -eq 0 ]; }

# Absolute form of a path without requiring it to exist.
_pg_abs() {
    case "$1" in
        /*) printf '%s\n' "$1" ;;
        *) printf '%s/%s\n' "$PWD" "$1" ;;
    esac
}

# Runs a command as the cluster owner: "postgres" when we are root, else ourselves.
# cd / first so the server tools never start in a directory postgres cannot read.
_pg_as_owner() {
    if _pg_is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

_pg_find_bin_dir() {
    local d best=""
    # Debian/Ubuntu layout; sort -V picks the highest major version.
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
        [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && best="$d"
    done
    if [ -z "$best" ] && command -v pg_ctl >/dev/null 2>&1; then
        d="$(dirname "$(command -v pg_ctl)")"
        [ -x "$d/initdb" ] && [ -x "$d/postgres" ] && best="$d"
    fi
    [ -n "$best" ] && printf '%s\n' "$best"
}

pg_bin_dir() {
    local d
    d="$(_pg_find_bin_dir)" && { printf '%s\n' "$d"; return 0; }
    if _pg_is_root && command -v apt-get >/dev/null 2>&1; then
        _pg_err "PostgreSQL server binaries not found; installing package 'postgresql' with apt-get"
        # stdout of apt goes to stderr: callers capture ours as the directory
        { DEBIAN_FRONTEND=noninteractive apt-get update -q \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; } >&2 \
            || { _pg_err "apt-get install postgresql failed"; return 1; }
        d="$(_pg_find_bin_dir)" && { printf '%s\n' "$d"; return 0; }
    fi
    _pg_err "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found."
    _pg_err "Install them, e.g. as root: apt-get install -y postgresql   (Debian/Ubuntu)"
    _pg_err "or put a directory containing initdb and pg_ctl on PATH."
    return 1
}

_pg_psql() {
    local bin
    bin="$(pg_bin_dir)" || return 1
    if [ -x "$bin/psql" ]; then printf '%s\n' "$bin/psql"
    elif [ -x /usr/bin/psql ]; then printf '%s\n' /usr/bin/psql
    elif command -v psql >/dev/null 2>&1; then command -v psql
    else _pg_err "psql not found (install postgresql-client)"; return 1
    fi
}

# As root, give the postgres user search (x) permission on every ancestor of $1
# that lacks it, e.g. a checkout under /root. Read permission is not granted.
_pg_make_traversable() {
    local p="" part rest
    rest="$(dirname "$1")"
    # walk from / downwards so each check only depends on dirs already fixed
    while [ -n "$rest" ]; do
        part="${rest%%/*}"
        [ "$part" = "$rest" ] && rest="" || rest="${rest#*/}"
        [ -n "$part" ] || continue
        p="$p/$part"
        if ! runuser -u postgres -- test -x "$p" 2>/dev/null; then
            chmod o+x "$p" || { _pg_err "cannot make $p traversable for user postgres"; return 1; }
            _pg_err "note: chmod o+x $p so that user postgres can reach the data directory"
        fi
    done
}

_pg_ensure_os_user() {
    id -u postgres >/dev/null 2>&1 && return 0
    _pg_err "creating system user 'postgres' to run the server"
    useradd --system --user-group --home-dir /var/lib/postgresql --no-create-home \
        --shell /bin/bash postgres || return 1
}

# 0 if a server is running on DATA_DIR.
_pg_running() {
    local bin="$1" dir="$2" pid state
    [ -f "$dir/postmaster.pid" ] || return 1
    # A killed postmaster stays a zombie until something reaps it (never, in a
    # container without an init); pg_ctl and postgres would both take it for alive.
    pid="$(head -n 1 "$dir/postmaster.pid" 2>/dev/null)"
    state="$(sed -n 's/^.*) \([A-Za-z]\).*$/\1/p' "/proc/$pid/stat" 2>/dev/null)"
    if [ "$state" = "Z" ]; then
        _pg_err "removing stale postmaster.pid of dead server (pid $pid)"
        rm -f "$dir/postmaster.pid" "$dir"/.s.PGSQL.*
        return 1
    fi
    _pg_as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1
}

# 0 when nothing accepts connections on 127.0.0.1:PORT.
_pg_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The first port from $1 on that nothing listens to (at most 100 tried).
_pg_free_port() {
    local port="$1" last=$(( $1 + 100 ))
    while [ "$port" -le "$last" ]; do
        _pg_port_free "$port" && { printf '%s\n' "$port"; return 0; }
        port=$(( port + 1 ))
    done
    return 1
}

# The data directory of the PostgreSQL server answering on PORT; empty when none lets us ask.
_pg_server_dir() {
    local psql
    psql="$(_pg_psql)" || return 1
    PGCONNECT_TIMEOUT=5 "$psql" -X -q -At -w -h 127.0.0.1 -p "$1" -U postgres -d postgres -c 'SHOW data_directory' 2>/dev/null
}

# A checkout's cluster is its own: when PORT is held by another cluster (another checkout's, say) or by another
# program, one line says so, and which free port to use instead; going on would read and write someone else's data.
_pg_check_port_is_ours() {
    local bin="$1" dir="$2" port="$3" other free holder
    _pg_port_free "$port" && return 0
    # Ours when our own postmaster says it listens there (postmaster.pid line 4), else ask the server who it is.
    if [ "$(sed -n 4p "$dir/postmaster.pid" 2>/dev/null)" = "$port" ] && _pg_running "$bin" "$dir"; then return 0; fi
    other="$(_pg_server_dir "$port")"
    if [ -n "$other" ] && [ "$(realpath -m "$other")" = "$(realpath -m "$dir")" ]; then return 0; fi
    holder="another program"
    [ -n "$other" ] && holder="another PostgreSQL cluster (data directory $other)"
    free="$(_pg_free_port $(( port + 1 )))" || free="another free port"
    _pg_err "port $port is held by $holder, not by this cluster ($dir): stop that one, or use a free port, e.g. MONMASTER_PG_PORT=$free"
    return 1
}

pg_start() {
    local dir port bin conf sockdir running_port
    [ $# -eq 2 ] || { _pg_err "usage: pg_start DATA_DIR PORT"; return 2; }
    dir="$(_pg_abs "$1")"; port="$2"
    case "$port" in ''|*[!0-9]*) _pg_err "invalid port '$port'"; return 2 ;; esac
    bin="$(pg_bin_dir)" || return 1
    # Before anything is created: a port held by someone else stops here.
    _pg_check_port_is_ours "$bin" "$dir" "$port" || return 1

    if _pg_is_root; then
        _pg_ensure_os_user || return 1
    fi

    if [ ! -f "$dir/PG_VERSION" ]; then
        mkdir -p "$dir" || return 1
        if [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
            _pg_err "$dir is not empty and holds no PostgreSQL cluster; refusing to initdb there"
            return 1
        fi
        if _pg_is_root; then
            _pg_make_traversable "$dir" || return 1
            chown postgres:postgres "$dir" || return 1
        fi
        # C locale: independent of the host's installed locales, fastest sorting.
        _pg_as_owner "$bin/initdb" -D "$dir" -U postgres -A trust -E UTF8 --no-locale >"$dir.initdb.log" 2>&1 \
            || { _pg_err "initdb failed:"; cat "$dir.initdb.log" >&2; return 1; }
        rm -f "$dir.initdb.log"
    elif _pg_is_root; then
        _pg_make_traversable "$dir" || return 1
    fi

    if _pg_running "$bin" "$dir"; then
        # postmaster.pid line 4 is the port the running server listens on
        running_port="$(sed -n 4p "$dir/postmaster.pid" 2>/dev/null)"
        if [ -n "$running_port" ] && [ "$running_port" != "$port" ]; then
            _pg_err "cluster $dir is already running on port $running_port, not $port (pg_stop it first)"
            return 1
        fi
        return 0
    fi

    # Unix socket paths are limited to ~107 bytes; we connect over TCP anyway,
    # so a too-deep data dir just gets no socket.
    sockdir="$dir"
    if [ $(( ${#dir} + 16 )) -gt 100 ]; then sockdir=""; fi

    # Our settings live in their own file, rewritten on every start (the port may
    # change); postgresql.conf only gains one include line, once.
    conf="$dir/monmaster.conf"
    cat >"$conf" <<EOF || return 1
# Written by scripts/postgres.sh on every pg_start; edits are lost.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$sockdir'
max_connections = 300
shared_buffers = 256MB
fsync = on
# Grain states are large JSON values rewritten often: cheaper compression and
# fewer checkpoints cut WAL volume; commits stay synchronous (durable on ack).
default_toast_compression = lz4
wal_compression = lz4
wal_buffers = 64MB
max_wal_size = 8GB
checkpoint_timeout = 15min
timezone = 'UTC'
log_timezone = 'UTC'
EOF
    if ! grep -q "^include_if_exists = 'monmaster.conf'" "$dir/postgresql.conf"; then
        printf "\ninclude_if_exists = 'monmaster.conf'\n" >>"$dir/postgresql.conf" || return 1
    fi
    if _pg_is_root; then chown postgres:postgres "$conf" || return 1; fi

    if ! _pg_as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start >/dev/null; then
        _pg_err "pg_ctl start failed; last lines of $dir/server.log:"
        tail -n 20 "$dir/server.log" >&2 2>/dev/null
        return 1
    fi
}

pg_stop() {
    local dir bin
    [ $# -eq 1 ] || { _pg_err "usage: pg_stop DATA_DIR"; return 2; }
    dir="$(_pg_abs "$1")"
    [ -f "$dir/PG_VERSION" ] || return 0
    bin="$(pg_bin_dir)" || return 1
    _pg_running "$bin" "$dir" || return 0
    _pg_as_owner "$bin/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null
}

pg_ensure_db() {
    local dir port db psql f out
    local -a files
    [ $# -eq 3 ] || { _pg_err "usage: pg_ensure_db DATA_DIR PORT DBNAME"; return 2; }
    dir="$(_pg_abs "$1")"; port="$2"; db="$3"
    [ -f "$dir/PG_VERSION" ] || { _pg_err "no cluster in $dir (run pg_start first)"; return 1; }
    psql="$(_pg_psql)" || return 1

    # CREATE DATABASE cannot run in a transaction block or a DO block, hence \gexec.
    # A concurrent creator may win the race; re-check before failing.
    if ! out="$(PGCONNECT_TIMEOUT=10 "$psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
            -v ON_ERROR_STOP=1 -v db="$db" 2>&1 >/dev/null <<'SQL'
SELECT format('CREATE DATABASE %I', :'db')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db')
\gexec
SQL
)"; then
        [ "$(PGCONNECT_TIMEOUT=10 "$psql" -X -q -At -h 127.0.0.1 -p "$port" -U postgres -d postgres \
            -v db="$db" <<<"SELECT 1 FROM pg_database WHERE datname = :'db';" 2>/dev/null)" = "1" ] \
            || { _pg_err "could not create database '$db': $out"; return 1; }
    fi

    files=()
    for f in "$_PG_REPO_ROOT"/adapters/MonMaster.Postgres/Schema/*.sql; do
        [ -f "$f" ] && files+=(-f "$f")
    done
    [ ${#files[@]} -gt 0 ] || { _pg_err "no schema files in $_PG_REPO_ROOT/adapters/MonMaster.Postgres/Schema"; return 1; }

    # One transaction for all files, serialised by an advisory lock so that
    # concurrent callers cannot trip over each other's CREATE ... IF NOT EXISTS.
    PGCONNECT_TIMEOUT=10 PGOPTIONS='-c client_min_messages=warning' \
        "$psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d "$db" \
        -v ON_ERROR_STOP=1 --single-transaction \
        -c "SELECT pg_advisory_xact_lock(hashtext('monmaster-schema'))" "${files[@]}" >/dev/null \
        || { _pg_err "applying adapters/MonMaster.Postgres/Schema/*.sql to '$db' failed"; return 1; }
}

pg_connection_string() {
    [ $# -eq 2 ] || { _pg_err "usage: pg_connection_string PORT DBNAME"; return 2; }
    # Pool 100 per process stays well under max_connections = 300 (set by pg_start).
    # Timeout = connect seconds; Command Timeout = per statement seconds.
    printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=postgres;Maximum Pool Size=100;Timeout=15;Command Timeout=30;Keepalive=30;Timezone=UTC\n' "$1" "$2"
}
