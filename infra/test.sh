#!/usr/bin/env bash
# Runs Konsil's whole test suite on a fresh machine: installs what the tests need (Debian packages) when missing,
# then builds every module and runs every test (unit, real-server, real-Chromium) with Maven.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-liberation)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v turnserver >/dev/null 2>&1 || missing+=(coturn)
command -v janus >/dev/null 2>&1 || missing+=(janus)
command -v janus-pp-rec >/dev/null 2>&1 || missing+=(janus-tools)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
if [ ${#missing[@]} -gt 0 ]; then
  echo "infra/test.sh: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# coturn's package starts no daemon by default; tests start their own turnserver on free ports when they need one.
# Janus likewise: each media test starts its own janus -F DIR. Janus never gathers ICE candidates on a loopback
# device, so it gets 127.0.0.2 on a veth device (media stays in the loopback range); the tests also call this.
bash infra/janus/loopback-ice.sh

# Browser tests drive Debian's Chromium; no test tool may download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 SE_OFFLINE=true
exec mvn -B -ntp verify "$@"
