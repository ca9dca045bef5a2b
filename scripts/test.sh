#!/usr/bin/env bash
# Sets up a fresh clone and runs every package's tests. Needs Node.js 20+
# and npm; installs pnpm through npx and, where Java is missing and apt-get
# can run, Debian's Java runtime for DynamoDB Local.
set -euo pipefail
cd "$(dirname "$0")/.."

export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 AWS_EC2_METADATA_DISABLED=true
PNPM_VERSION=10.34.9

if ! command -v pnpm >/dev/null 2>&1 || [[ "$(pnpm --version)" != 10.* ]]; then
  npm install --global --no-fund --no-audit "pnpm@${PNPM_VERSION}"
fi

if ! command -v java >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" -eq 0 ]]; then
    echo "Installing Java for DynamoDB Local (default-jre-headless)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
  else
    echo "Java 17 or later is missing: DynamoDB Local needs it for the AWS store tests." >&2
    echo "Install it (Debian/Ubuntu: sudo apt-get install default-jre-headless) and run again." >&2
    exit 1
  fi
fi

pnpm install --frozen-lockfile
pnpm run test:prepare
pnpm run check
log=$(mktemp)
trap 'rm -f "$log"' EXIT
pnpm test --concurrency=1 2>&1 | tee "$log"

# One closing line for all packages: vitest prints a "Tests" line per package.
sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '
  /^[^ ]*:test: +Tests +/ {
    for (i = 1; i <= NF; i++) {
      if ($(i + 1) ~ /^passed/) passed += $i
      if ($(i + 1) ~ /^failed/) failed += $i
      if ($(i + 1) ~ /^skipped/) skipped += $i
    }
  }
  END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }'
