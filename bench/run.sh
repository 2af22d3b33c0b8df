#!/usr/bin/env bash
# Runs one Konsil benchmark (or all of them) on loopback; see docs/benchmarks.md.
#   mvn -q -B -pl bench -am package -DskipTests      # once, builds the node jar and the harness
#   bench/run.sh relay|idle|slots|booking|redis-booking|audit|room-memory|topology-booking|mesh-vs-sfu|all [--option value ...]
set -euo pipefail
cd "$(dirname "$0")/.."
# 10,000 idle sockets need as many descriptors on each side of loopback.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ ! -f bench/target/bench.classpath.deps ] || [ ! -d bench/target/classes/io ]; then
  echo "build first: mvn -q -B -pl bench -am package -DskipTests" >&2
  exit 2
fi
CP="bench/target/classes:$(cat bench/target/bench.classpath.deps)"
run() {
  java -Xms1g -Xmx4g -XX:+UseG1GC -Dlogback.configurationFile=logback-bench.xml -cp "$CP" "$@"
}
what="${1:-}"
[ $# -gt 0 ] && shift
case "$what" in
  relay)   run io.konsil.bench.relay.RelayBench "$@" ;;
  idle)    run io.konsil.bench.idle.IdleConnectionBench "$@" ;;
  slots)   run io.konsil.bench.slots.SlotSearchBench "$@" ;;
  booking) run io.konsil.bench.booking.BookingBench "$@" ;;
  redis-booking) run io.konsil.bench.booking.RedisBookingBench "$@" ;;
  audit)   run io.konsil.bench.audit.AuditTrailBench "$@" ;;
  room-memory) run io.konsil.bench.memory.RoomMemoryBench "$@" ;;
  topology-booking) run io.konsil.bench.booking.TopologyBookingBench "$@" ;;
  mesh-vs-sfu) run io.konsil.bench.media.MeshVsSfuBench "$@" ;;
  all)
    run io.konsil.bench.relay.RelayBench
    run io.konsil.bench.idle.IdleConnectionBench
    run io.konsil.bench.slots.SlotSearchBench
    run io.konsil.bench.booking.BookingBench
    run io.konsil.bench.booking.RedisBookingBench ;;
  *) echo "usage: bench/run.sh relay|idle|slots|booking|redis-booking|audit|room-memory|topology-booking|mesh-vs-sfu|all [--option value ...]" >&2; exit 2 ;;
esac
