# Sourced by .ci/run (safe under set -euo pipefail): a throw-away RabbitMQ for the queue consumer tests
# (tests/ElsaWorkspaceAgents.Reliability.Tests/Queue), listening on loopback only.
#   start_rabbitmq  installs Debian's rabbitmq-server when missing, starts a node with its own data, log and
#                   Erlang distribution (all on 127.0.0.1, free ports) and exports OUTBOX_RABBITMQ;
#                   returns non-zero (and the tests are reported as skipped) when it cannot.
#   stop_rabbitmq   stops that node and its epmd, and removes its data.
# A node of our own rather than the system service: nothing listens beyond loopback, and a run leaves nothing behind.

rabbitmq_dir=""
rabbitmq_pid=""
rabbitmq_epmd_port=""

free_loopback_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_rabbitmq() {
  local server=/usr/lib/rabbitmq/bin/rabbitmq-server
  if [ ! -x "$server" ]; then
    command -v apt-get >/dev/null 2>&1 || return 1
    # policy-rc.d (present in this image) keeps the package's own service from starting on all interfaces.
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 rabbitmq-server >/dev/null \
      || return 1
    echo "Installed rabbitmq-server for the queue consumer tests."
  fi

  local port dist_port
  port=$(free_loopback_port) && dist_port=$(free_loopback_port) && rabbitmq_epmd_port=$(free_loopback_port) || return 1
  rabbitmq_dir=$(mktemp -d /tmp/ewa-rabbitmq.XXXXXX) || return 1
  mkdir -p "$rabbitmq_dir/home" "$rabbitmq_dir/mnesia" "$rabbitmq_dir/log"
  echo '[].' > "$rabbitmq_dir/enabled_plugins"   # no management listener
  : > "$rabbitmq_dir/rabbitmq-env.conf"            # ignore /etc/rabbitmq/rabbitmq-env.conf
  : > "$rabbitmq_dir/rabbitmq.conf"
  local run_as=()
  if [ "$(id -u)" = 0 ] && id -u rabbitmq >/dev/null 2>&1; then
    chown -R rabbitmq: "$rabbitmq_dir"
    run_as=(runuser -u rabbitmq --)
  fi

  setsid "${run_as[@]}" env \
    HOME="$rabbitmq_dir/home" \
    RABBITMQ_NODENAME="ewa-ci-$$@localhost" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$port" \
    RABBITMQ_DIST_PORT="$dist_port" \
    ERL_EPMD_ADDRESS=127.0.0.1 \
    ERL_EPMD_PORT="$rabbitmq_epmd_port" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    RABBITMQ_MNESIA_BASE="$rabbitmq_dir/mnesia" \
    RABBITMQ_LOG_BASE="$rabbitmq_dir/log" \
    RABBITMQ_CONF_ENV_FILE="$rabbitmq_dir/rabbitmq-env.conf" \
    RABBITMQ_CONFIG_FILE="$rabbitmq_dir/rabbitmq.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$rabbitmq_dir/enabled_plugins" \
    "$server" > "$rabbitmq_dir/server.out" 2>&1 &
  rabbitmq_pid=$!

  local started=$SECONDS
  # The AMQP port answers once the node has booted.
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if ! kill -0 "$rabbitmq_pid" 2>/dev/null || [ $((SECONDS - started)) -gt 120 ]; then
      echo "RabbitMQ did not start; its output:"; tail -n 30 "$rabbitmq_dir/server.out"
      stop_rabbitmq
      return 1
    fi
    sleep 0.5
  done
  export OUTBOX_RABBITMQ="amqp://guest:guest@127.0.0.1:$port/"
  echo "RabbitMQ started on 127.0.0.1:$port in $((SECONDS - started)) s (OUTBOX_RABBITMQ)."
}

stop_rabbitmq() {
  if [ -n "$rabbitmq_pid" ]; then
    kill -TERM -- "-$rabbitmq_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$rabbitmq_pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$rabbitmq_pid" 2>/dev/null || true
    rabbitmq_pid=""
  fi
  # epmd daemonizes out of the node's process group: stop the one on our port.
  if [ -n "$rabbitmq_epmd_port" ] && command -v epmd >/dev/null 2>&1; then
    ERL_EPMD_PORT="$rabbitmq_epmd_port" epmd -kill >/dev/null 2>&1 || true
    rabbitmq_epmd_port=""
  fi
  if [ -n "$rabbitmq_dir" ]; then
    rm -rf "$rabbitmq_dir" || true
    rabbitmq_dir=""
  fi
  return 0
}
