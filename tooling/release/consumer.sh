#!/usr/bin/env bash
# pnpm test:consumer: the consumer tests (the packed tarballs installed with plain npm in a project outside the
# repo, strict TypeScript, the sandbox started with npx) on a Node line the packages support (engines >=22):
# this Node when it is one, else Node 24 from the npm registry (with-node.sh, cached). Build first (`pnpm build`).
# Extra arguments go to vitest (a file or a test name filter).
set -euo pipefail
cd "$(dirname "$0")"
# with-node.sh runs from the repo root: pnpm --dir brings the command back here.
run=(pnpm --dir "$PWD" exec vitest run --project consumer "$@")
if [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 22 ]; then exec "${run[@]}"; fi
# Offline outside CI the consumer tests skip, as they do on a supported Node: say so in seconds, not as a failure.
if ! bash with-node.sh 24 true; then
  [ -n "${CI:-}" ] && { echo "test:consumer: no Node 24 to run the consumer tests on (see above)" >&2; exit 1; }
  echo "test:consumer: skipped: no Node 24 (see above); they run in CI" >&2
  exit 0
fi
exec bash with-node.sh 24 "${run[@]}"
