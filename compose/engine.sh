#!/usr/bin/env bash
# Makes sure a Docker engine answers: if `docker info` fails and this shell is root on a machine with
# dockerd but no running service manager (CI containers, VMs without systemd), starts dockerd in the
# background, logging to $HOSEPIPE_DOCKERD_LOG, and waits until it answers. Otherwise says what to do.
# Used by `make compose-images` and .ci/run; safe to run again (it does nothing when the engine answers).
set -euo pipefail

log=${HOSEPIPE_DOCKERD_LOG:-/var/log/hosepipe-dockerd.log}
wait_s=${HOSEPIPE_DOCKERD_WAIT_S:-30}

if ! command -v docker >/dev/null 2>&1; then
  echo "hosepipe: docker is not installed: run \`sudo apt-get install -y docker.io docker-compose\` (or install Docker Desktop), then try again" >&2
  exit 1
fi
docker info >/dev/null 2>&1 && exit 0

if [ "$(id -u)" != 0 ] || ! command -v dockerd >/dev/null 2>&1; then
  echo "hosepipe: no Docker engine is reachable (docker info failed): start it (\`sudo systemctl start docker\`, or open Docker Desktop), then try again" >&2
  exit 1
fi

echo "hosepipe: starting dockerd in the background (log: $log)" >&2
# setsid: the engine outlives this script and the make that ran it, and no terminal signal reaches it.
setsid dockerd >>"$log" 2>&1 </dev/null &
for _ in $(seq 1 $((wait_s * 10))); do
  docker info >/dev/null 2>&1 && exit 0
  sleep 0.1
done
echo "hosepipe: dockerd did not answer within ${wait_s} s; see $log" >&2
exit 1
