#!/bin/sh
# hosepipe's set-up step: `make up`, `make test`, `make bench` and .ci/run run it first. It checks what the
# named goals need (a few milliseconds per need when all is there) and installs only what is missing, saying
# what: apt-get on Debian and Ubuntu (through sudo when not root), brew on macOS. Where it cannot install, it
# prints one line with the exact command to run and exits 1.
#
#   sh scripts/setup.sh GOAL...      GOAL: up, test, bench, compose (any goal named in NEEDS)
set -eu

# One need per line: the goals that need it | what it is | its check (a command, true when present; anything with
# a pipe goes into a function below) | the apt package | the brew package ("-" when brew has none) | for that case,
# the command to run instead. A new need is one more line here.
NEEDS='
up test bench|nginx|has_nginx|nginx-light|nginx|
test|AWS CLI v2 (/usr/bin/aws)|test -x /usr/bin/aws|awscli|awscli|
test|boto3 for /usr/bin/python3|has_python_module boto3|python3-boto3|-|/usr/bin/python3 -m pip install --user boto3
test|jq|command -v jq|jq|jq|
test|Chromium (web-view tests)|has_chromium|chromium|--cask chromium|
bench|wrk (bench/pipeline)|has_wrk|wrk|wrk|
test compose|Docker (engine and client; MODE=compose)|has_docker|docker.io|--cask docker|
test compose|Docker Compose (docker compose, or docker-compose 1.29)|has_compose|docker-compose|--cask docker|
test compose|debootstrap (make compose-images)|has_debootstrap|debootstrap|-|
'

# The nginx hosepipe itself would run: HOSEPIPE_NGINX when set, else PATH, else where packages put it.
has_nginx() {
  if [ -n "${HOSEPIPE_NGINX:-}" ]; then test -x "$HOSEPIPE_NGINX"; return; fi
  command -v nginx || test -x /usr/sbin/nginx || test -x /usr/local/sbin/nginx || test -x /usr/local/nginx/sbin/nginx
}

# find_spec, not import: the answer without loading boto3 (tens of milliseconds instead of hundreds).
has_python_module() {
  /usr/bin/python3 -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('$1') is None)"
}

has_chromium() {
  command -v chromium || command -v chromium-browser || command -v google-chrome || test -d /Applications/Chromium.app
}

has_wrk() {
  command -v wrk || test -x /usr/bin/wrk
}

# A Docker engine here (dockerd, Docker Desktop) or one that answers already (DOCKER_HOST).
has_docker() {
  command -v docker || return 1
  command -v dockerd || test -x /usr/sbin/dockerd || test -d /Applications/Docker.app || docker info
}

has_compose() {
  docker compose version || command -v docker-compose
}

# Only `make compose-images` uses it, on Linux; Docker Desktop users pull the official images instead.
has_debootstrap() {
  test "$(uname -s)" = Darwin || command -v debootstrap || test -x /usr/sbin/debootstrap
}

say() { printf 'hosepipe setup: %s\n' "$*" >&2; }

# The needs of the goals given that are missing, one "what|apt|brew|manual" line each.
missing_needs() {
  printf '%s\n' "$NEEDS" | while IFS='|' read -r goals what check apt brew manual; do
    [ -n "$goals" ] || continue
    wanted=no
    for goal in "$@"; do
      case " $goals " in *" $goal "*) wanted=yes ;; esac
    done
    [ "$wanted" = yes ] || continue
    if ! (eval "$check") >/dev/null 2>&1; then printf '%s|%s|%s|%s\n' "$what" "$apt" "$brew" "$manual"; fi
  done
}

[ "$#" -gt 0 ] || { say "usage: sh scripts/setup.sh GOAL... (up, test, bench, compose)"; exit 2; }
missing=$(missing_needs "$@")
[ -n "$missing" ] || exit 0


whats=$(printf '%s\n' "$missing" | cut -d'|' -f1 | paste -sd, - | sed 's/,/, /g')
apt_packages=$(printf '%s\n' "$missing" | cut -d'|' -f2 | grep -v '^$' | tr '\n' ' ' | sed 's/ $//')
brew_packages=$(printf '%s\n' "$missing" | cut -d'|' -f3 | grep -v '^-$' | grep -v '^--cask' | tr '\n' ' ' | sed 's/ $//')
cask_packages=$(printf '%s\n' "$missing" | cut -d'|' -f3 | grep '^--cask' | sed 's/^--cask //' | tr '\n' ' ' | sed 's/ $//')
manual=$(printf '%s\n' "$missing" | awk -F'|' '$3 == "-" && $4 != "" { print $4 }' | paste -sd';' - | sed 's/;/ \&\& /g')

if [ "$(uname -s)" = Darwin ]; then
  command -v brew >/dev/null 2>&1 || { say "missing $whats: install Homebrew (https://brew.sh), then run \`brew install $brew_packages${cask_packages:+ && brew install --cask $cask_packages}\`"; exit 1; }
  say "installing $whats with brew"
  [ -z "$brew_packages" ] || brew install $brew_packages >&2 || { say "brew could not install them: run \`brew install $brew_packages\`"; exit 1; }
  [ -z "$cask_packages" ] || brew install --cask $cask_packages >&2 || { say "brew could not install them: run \`brew install --cask $cask_packages\`"; exit 1; }
  [ -z "$manual" ] || { say "then run \`$manual\`"; sh -c "$manual" >&2 || exit 1; }
else
  apt_command="apt-get update && apt-get install -y --no-install-recommends $apt_packages"
  if ! command -v apt-get >/dev/null 2>&1; then
    say "missing $whats: install them with your package manager (Debian/Ubuntu: \`$apt_command\`)"
    exit 1
  fi
  if [ "$(id -u)" = 0 ]; then
    as_root=
  elif command -v sudo >/dev/null 2>&1; then
    as_root=sudo
  else
    say "missing $whats, and installing needs root: run \`su -c '$apt_command'\`"
    exit 1
  fi
  say "installing $whats: ${as_root:+$as_root }apt-get install $apt_packages"
  export DEBIAN_FRONTEND=noninteractive
  # apt's and dpkg's progress goes to a log, shown only when the install fails.
  log=$(mktemp)
  if ! { $as_root apt-get update -qq && $as_root apt-get install -y -qq --no-install-recommends $apt_packages; } >"$log" 2>&1; then
    tail -n 15 "$log" >&2
    rm -f "$log"
    say "apt-get could not install $apt_packages (its last lines above): run \`${as_root:+$as_root }sh -c '$apt_command'\`"
    exit 1
  fi
  rm -f "$log"
fi

still=$(missing_needs "$@")
if [ -n "$still" ]; then
  say "still missing after the install: $(printf '%s\n' "$still" | cut -d'|' -f1 | paste -sd, - | sed 's/,/, /g') (is it on PATH?)"
  exit 1
fi
say "installed $whats"
