#!/usr/bin/env bash
# Starts coturn on loopback for development and tests, with REST-API credentials:
#   infra/coturn/run-local.sh [PORT] [SECRET]
# then start the node with --turn-uri turn:127.0.0.1:PORT --turn-secret SECRET.
set -euo pipefail
port=${1:-3478}
secret=${2:-dev-turn-secret}
command -v turnserver >/dev/null || { echo "turnserver not found: apt-get install -y coturn" >&2; exit 1; }
exec turnserver -n --listening-ip=127.0.0.1 --relay-ip=127.0.0.1 --listening-port="$port" \
  --use-auth-secret --static-auth-secret="$secret" --realm=konsil.local \
  --allow-loopback-peers --no-cli --no-tls --no-dtls --fingerprint \
  --min-port=49152 --max-port=49999 --log-file=stdout --simple-log
