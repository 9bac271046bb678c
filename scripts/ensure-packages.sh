#!/usr/bin/env bash
# Installs the Debian packages the tests drive (idempotent: installs only what is missing).
# nix-bin makes real store paths and binary caches; skopeo and umoci check images independently;
# docker-registry is the CNCF distribution registry; apache2-utils gives htpasswd; zstd and pigz
# are the baselines of the benchmarks; podman, runc and busybox-static run built images (uidmap,
# fuse-overlayfs are podman's helpers); prometheus scrapes the services in the metrics test;
# chromium and chromium-driver load the dashboard (DashboardBrowserTest).
set -euo pipefail
packages=(nix-bin skopeo umoci docker-registry apache2-utils zstd pigz podman runc busybox-static uidmap fuse-overlayfs prometheus chromium chromium-driver)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
