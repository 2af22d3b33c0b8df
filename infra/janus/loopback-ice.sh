#!/usr/bin/env bash
# Gives Janus an ICE address in the loopback range (127.0.0.2) for tests and local development.
#
# Janus 1.1 never gathers candidates on a loopback interface (ice.c skips IFF_LOOPBACK), and this machine's tests
# may send media only to loopback addresses. A veth pair that is not a loopback device, carrying 127.0.0.2/32, gives
# Janus a host candidate that is still 127.0.0.0/8: packets never leave the machine. Idempotent; needs root.
set -euo pipefail
IFACE=${KONSIL_JANUS_ICE_IFACE:-konsil-sfu0}
PEER=${IFACE%0}1
ADDR=${KONSIL_JANUS_ICE_ADDR:-127.0.0.2}
if ip -o -4 addr show dev "$IFACE" 2>/dev/null | grep -q " $ADDR/"; then
  exit 0
fi
ip link show "$IFACE" >/dev/null 2>&1 || ip link add "$IFACE" type veth peer name "$PEER"
ip addr add "$ADDR/32" dev "$IFACE" 2>/dev/null || true
ip link set "$PEER" up
ip link set "$IFACE" up
