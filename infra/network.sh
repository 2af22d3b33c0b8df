#!/usr/bin/env bash
# A Konsil network on this machine: one redis-server (infra/redis/redis.conf), three nodes for three hospitals
# (--demo, one shared demo data set) and coturn, all on loopback.
#   infra/network.sh up [--sentinel | --cluster] | down | status
#   --sentinel: a master, a replica and three sentinels (quorum 2); nodes use redis-sentinel://…#konsil and
#               --redis-wait-replicas 1.  --cluster: six redis-servers as a cluster of three masters with a replica each.
# Needs the node jar (mvn -q -B -DskipTests package), redis-server and turnserver (apt-get install redis-server coturn).
# Everything it starts is recorded in $KONSIL_NETWORK_DIR (default /tmp/konsil-network) and `down` stops exactly that.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${KONSIL_NETWORK_DIR:-/tmp/konsil-network}
redis_port=${KONSIL_NETWORK_REDIS_PORT:-6390}
turn_port=${KONSIL_NETWORK_TURN_PORT:-3479}
nodes=("slk-1 SLK 8081" "ous-1 OUS 8082" "hus-1 HUS 8083")
jar=node/target/konsil-node.jar

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_redis() { # name port [extra args...]
  local name=$1 port=$2
  shift 2
  mkdir -p "$dir/$name"
  redis-server infra/redis/redis.conf --port "$port" --dir "$dir/$name" --daemonize no \
    --logfile "$dir/$name.log" "$@" > /dev/null 2>&1 &
  echo $! > "$dir/$name.pid"
  for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
}

start_sentinel() { # name port master_port
  local name=$1 port=$2 master=$3
  mkdir -p "$dir/$name"
  cat > "$dir/$name/sentinel.conf" <<CONF
port $port
bind 127.0.0.1
dir $dir/$name
sentinel monitor konsil 127.0.0.1 $master 2
sentinel down-after-milliseconds konsil 2000
sentinel failover-timeout konsil 10000
CONF
  redis-server "$dir/$name/sentinel.conf" --sentinel --daemonize no --logfile "$dir/$name.log" > /dev/null 2>&1 &
  echo $! > "$dir/$name.pid"
}

up() {
  topology=${1:-standalone}
  [ -f "$jar" ] || { echo "build first: mvn -q -B -DskipTests package" >&2; exit 1; }
  command -v redis-server >/dev/null || { echo "redis-server not found: apt-get install -y redis-server" >&2; exit 1; }
  mkdir -p "$dir"
  if alive "$dir/redis.pid"; then echo "already up (infra/network.sh status)"; exit 0; fi
  # One secret per network: every node accepts every other node's tokens (join links work across hospitals).
  [ -f "$dir/jwt-secret" ] || head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > "$dir/jwt-secret"
  [ -f "$dir/turn-secret" ] || head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > "$dir/turn-secret"

  case "$topology" in
    standalone)
      start_redis redis "$redis_port"
      redis_flags=(--redis "redis://127.0.0.1:$redis_port") ;;
    --sentinel)
      start_redis redis "$redis_port"
      start_redis redis-replica $((redis_port + 1)) --replicaof 127.0.0.1 "$redis_port"
      for i in 1 2 3; do start_sentinel "sentinel-$i" $((redis_port + 100 + i)) "$redis_port"; done
      sleep 2
      redis_flags=(--redis "redis-sentinel://127.0.0.1:$((redis_port + 101)),127.0.0.1:$((redis_port + 102)),127.0.0.1:$((redis_port + 103))#konsil"
        --redis-wait-replicas 1) ;;
    --cluster)
      start_redis redis "$redis_port" --cluster-enabled yes --cluster-config-file nodes.conf
      seeds=("127.0.0.1:$redis_port")
      for i in 1 2 3 4 5; do
        start_redis "redis-c$i" $((redis_port + i)) --cluster-enabled yes --cluster-config-file nodes.conf
        seeds+=("127.0.0.1:$((redis_port + i))")
      done
      redis-cli --cluster create "${seeds[@]}" --cluster-replicas 1 --cluster-yes > "$dir/cluster-create.log"
      # Every node must agree on the slot map before the Konsil nodes connect.
      for _ in $(seq 100); do
        redis-cli --cluster check "127.0.0.1:$redis_port" >/dev/null 2>&1 && break
        sleep 0.2
      done
      redis_flags=(--redis-cluster "$(printf 'redis://%s,' "${seeds[@]}" | sed 's/,$//')") ;;
    *) echo "usage: infra/network.sh up [--sentinel | --cluster]" >&2; exit 2 ;;
  esac
  echo "$topology" > "$dir/topology"

  turn_flags=()
  if command -v turnserver >/dev/null; then
    infra/coturn/run-local.sh "$turn_port" "$(cat "$dir/turn-secret")" > "$dir/coturn.log" 2>&1 &
    echo $! > "$dir/coturn.pid"
    turn_flags=(--turn-uri "turn:127.0.0.1:$turn_port" --turn-secret "$(cat "$dir/turn-secret")")
  else
    echo "turnserver not found: the nodes offer STUN only (apt-get install -y coturn)"
  fi

  for n in "${nodes[@]}"; do
    read -r id hospital port <<< "$n"
    java -jar "$jar" --port "$port" --node-id "$id" --hospital "$hospital" --demo \
      --public-url "http://localhost:$port" "${redis_flags[@]}" \
      --jwt-app-id konsil --jwt-secret "$(cat "$dir/jwt-secret")" "${turn_flags[@]}" > "$dir/$id.log" 2>&1 &
    echo $! > "$dir/$id.pid"
  done
  for n in "${nodes[@]}"; do
    read -r id hospital port <<< "$n"
    for _ in $(seq 120); do
      curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
      alive "$dir/$id.pid" || { echo "$id failed to start; see $dir/$id.log" >&2; tail -5 "$dir/$id.log" >&2; exit 1; }
      sleep 0.5
    done
  done
  status
}

down() {
  for n in "${nodes[@]}"; do
    read -r id _ _ <<< "$n"
    if alive "$dir/$id.pid"; then kill "$(cat "$dir/$id.pid")"; fi
  done
  for n in "${nodes[@]}"; do
    read -r id _ _ <<< "$n"
    for _ in $(seq 60); do alive "$dir/$id.pid" || break; sleep 0.25; done
    rm -f "$dir/$id.pid"
  done
  for f in "$dir"/coturn.pid "$dir"/sentinel-*.pid "$dir"/redis*.pid; do
    [ -f "$f" ] || continue
    if alive "$f"; then kill "$(cat "$f")"; fi
    rm -f "$f"
  done
  echo "network down (data kept in $dir; rm -rf it for a fresh start)"
}

status() {
  echo "topology      $(cat "$dir/topology" 2>/dev/null || echo none)"
  for f in "$dir"/redis*.pid "$dir"/sentinel-*.pid; do
    [ -f "$f" ] || continue
    name=$(basename "$f" .pid)
    if alive "$f"; then echo "$name  up"; else echo "$name  down"; fi
  done
  if alive "$dir/coturn.pid"; then echo "coturn        up    turn:127.0.0.1:$turn_port"; else echo "coturn        down"; fi
  for n in "${nodes[@]}"; do
    read -r id hospital port <<< "$n"
    if alive "$dir/$id.pid"; then
      health=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health" || true)
      echo "$id ($hospital)  up    http://localhost:$port/  health $health"
    else
      echo "$id ($hospital)  down"
    fi
  done
  echo
  echo "Try it: patient Kari on one hospital's node, her GP on another's:"
  echo "  http://localhost:8081/?demo=patient-kari      http://localhost:8082/?demo=gp-hansen"
  echo "  http://localhost:8083/?demo=spec-ous-cardiology"
}

case "${1:-}" in
  up) up "${2:-standalone}" ;;
  down) down ;;
  status) status ;;
  *) echo "usage: infra/network.sh up|down|status" >&2; exit 2 ;;
esac
