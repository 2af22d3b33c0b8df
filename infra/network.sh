#!/usr/bin/env bash
# A Konsil network on this machine: one redis-server (infra/redis/redis.conf), three nodes for three hospitals
# (--demo, one shared demo data set) and coturn, all on loopback.
#   infra/network.sh up | down | status
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

up() {
  [ -f "$jar" ] || { echo "build first: mvn -q -B -DskipTests package" >&2; exit 1; }
  command -v redis-server >/dev/null || { echo "redis-server not found: apt-get install -y redis-server" >&2; exit 1; }
  mkdir -p "$dir/redis"
  if alive "$dir/redis.pid"; then echo "already up (infra/network.sh status)"; exit 0; fi
  # One secret per network: every node accepts every other node's tokens (join links work across hospitals).
  [ -f "$dir/jwt-secret" ] || head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > "$dir/jwt-secret"
  [ -f "$dir/turn-secret" ] || head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > "$dir/turn-secret"

  redis-server infra/redis/redis.conf --port "$redis_port" --dir "$dir/redis" --daemonize no \
    --logfile "$dir/redis.log" > /dev/null 2>&1 &
  echo $! > "$dir/redis.pid"
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

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
      --public-url "http://localhost:$port" --redis "redis://127.0.0.1:$redis_port" \
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
  for p in coturn redis; do
    if alive "$dir/$p.pid"; then kill "$(cat "$dir/$p.pid")"; fi
    rm -f "$dir/$p.pid"
  done
  echo "network down (data kept in $dir; rm -rf it for a fresh start)"
}

status() {
  if alive "$dir/redis.pid"; then echo "redis-server  up    redis://127.0.0.1:$redis_port (AOF in $dir/redis)"; else echo "redis-server  down"; fi
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
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: infra/network.sh up|down|status" >&2; exit 2 ;;
esac
