#!/usr/bin/env bash
# The inventory benchmark: load time of a 2,000-item, 100,000-wear store and append latency with fsync.
# Release build (debug numbers mean nothing). Arguments go to inventory-bench (--items, --wears, --dimension,
# --appends, --dir: put --dir on the disk you care about; the default is under /tmp).
set -euo pipefail
cd "$(dirname "$0")/.."
nice -n 10 swift build -c release --product inventory-bench >/dev/null
exec .build/release/inventory-bench "$@"
