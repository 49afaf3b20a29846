#!/usr/bin/env bash
# Installs fpsolve's Debian 12 stack (idempotent: does nothing when everything is present).
# Needs root and apt. On a cluster without root, see README.md "Building on a cluster".
set -euo pipefail
packages=(build-essential cmake pkg-config libopenmpi-dev openmpi-bin libpetsc-real-dev
  libopenblas-dev libfftw3-dev libfftw3-mpi-dev libhdf5-openmpi-dev hdf5-tools libgtest-dev
  libmuparser-dev python3-h5py python3-matplotlib python3-numpy python3-pil)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages (${missing[*]}) and not root: install them or use a module environment" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
