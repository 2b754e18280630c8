# Sourced by .ci/run (safe under set -euo pipefail): a throw-away PostgreSQL cluster for the PostgreSQL outbox tests
# (tests/ElsaWorkspaceAgents.Reliability.Tests: PostgresOutboxTests and two dispatchers on one PostgreSQL database).
#   start_postgres  installs Debian's postgresql when missing (apt-get update first), creates a cluster in a mktemp
#                   directory as the unprivileged user postgres (when run as root), starts it on 127.0.0.1 at a free
#                   port with trust authentication for local connections only, and exports OUTBOX_POSTGRES;
#                   returns non-zero (and those tests are reported as skipped) when it cannot.
#   stop_postgres   stops that cluster and removes its directory.
# A cluster of our own rather than the system service: nothing listens beyond loopback, and a run leaves nothing behind.

postgres_dir=""
postgres_bin=""
postgres_run_as=()

find_postgres_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1) || true
  [ -n "$found" ] && [ -x "$found/initdb" ] && [ -x "$found/pg_ctl" ] && postgres_bin=$found
}

start_postgres() {
  if ! find_postgres_bin; then
    command -v apt-get >/dev/null 2>&1 || return 1
    # policy-rc.d (present in this image) keeps the package's own cluster service from starting.
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 postgresql >/dev/null \
      || return 1
    find_postgres_bin || return 1
    echo "Installed postgresql for the PostgreSQL outbox tests."
  fi

  local port
  port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') || return 1
  postgres_dir=$(mktemp -d /tmp/ewa-postgres.XXXXXX) || return 1
  mkdir -p "$postgres_dir/data" "$postgres_dir/socket"
  postgres_run_as=()
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root.
    id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres || return 1
    chown -R postgres: "$postgres_dir"
    postgres_run_as=(runuser -u postgres --)
  fi

  # Trust is fine for a cluster that listens on loopback only and lives for one run; -N skips fsync for speed.
  if ! "${postgres_run_as[@]}" "$postgres_bin/initdb" -D "$postgres_dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 -N \
      > "$postgres_dir/initdb.out" 2>&1; then
    echo "initdb failed; its output:"; tail -n 20 "$postgres_dir/initdb.out"
    stop_postgres
    return 1
  fi

  local started=$SECONDS
  if ! "${postgres_run_as[@]}" "$postgres_bin/pg_ctl" -D "$postgres_dir/data" -l "$postgres_dir/server.log" -w -t 120 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $postgres_dir/socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start > "$postgres_dir/pg_ctl.out" 2>&1; then
    echo "PostgreSQL did not start; its log:"; tail -n 30 "$postgres_dir/server.log" 2>/dev/null || cat "$postgres_dir/pg_ctl.out"
    stop_postgres
    return 1
  fi

  export OUTBOX_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres"
  echo "PostgreSQL started on 127.0.0.1:$port in $((SECONDS - started)) s (OUTBOX_POSTGRES)."
}

stop_postgres() {
  if [ -n "$postgres_dir" ]; then
    if [ -n "$postgres_bin" ] && [ -f "$postgres_dir/data/postmaster.pid" ]; then
      "${postgres_run_as[@]}" "$postgres_bin/pg_ctl" -D "$postgres_dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$postgres_dir" || true
    postgres_dir=""
  fi
  return 0
}
