#!/usr/bin/env bash
# Installs, from Debian's packages, what the test suite needs beyond Node 20:
#   - chromium (the browser project: wasm, webgl and webgpu in headless Chromium)
#   - mesa-vulkan-drivers + libvulkan1 from bookworm-backports (lavapipe, the software
#     Vulkan driver that Dawn uses for @dl/backend-node-gpu in Node)
# Idempotent; needs root (or sudo). Safe to run on a machine that already has them.
set -euo pipefail

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

need_chromium=1
need_vulkan=1
command -v chromium >/dev/null 2>&1 && need_chromium=0
if dpkg-query -W -f='${Status} ${Version}\n' mesa-vulkan-drivers 2>/dev/null | grep -q 'install ok installed .*bpo'; then
  need_vulkan=0
fi

if [ "$need_chromium" = 0 ] && [ "$need_vulkan" = 0 ]; then
  echo "ci-setup: chromium and the backports Vulkan driver are already installed"
  exit 0
fi

# bookworm-backports, from the same mirror as the machine's main Debian suite.
if [ "$need_vulkan" = 1 ] && ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources | head -1)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1=="deb" && $3=="bookworm" {print $2; exit}' /etc/apt/sources.list)
  fi
  if [ -z "$uri" ]; then
    echo "ci-setup: cannot find the Debian mirror of the bookworm suite to add bookworm-backports" >&2
    exit 1
  fi
  echo "deb $uri bookworm-backports main" | $SUDO tee /etc/apt/sources.list.d/bpo.list >/dev/null
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
if [ "$need_chromium" = 1 ]; then
  $SUDO apt-get install -y -q --no-install-recommends chromium
fi
if [ "$need_vulkan" = 1 ]; then
  $SUDO apt-get install -y -q -t bookworm-backports mesa-vulkan-drivers libvulkan1
fi
echo "ci-setup: done"
