#!/usr/bin/env bash
# Runs the whole test suite with the machine's clock moved to fixed Amsterdam times (libfaketime, Debian's
# package "faketime"), so no test can depend on the hour, the date or a DST change.
#   bash scripts/test-at-times.sh                 # the default set of moments below
#   bash scripts/test-at-times.sh "2027-03-27 23:30"   # one Amsterdam time of your own
# The clock is offset (not frozen) for every process alike, so spawned bot processes and Azurite agree with the
# test process; monotonic clocks (timers) are left alone. The tab's browser test is left out: Chromium's crash
# handler aborts under libfaketime (clock_gettime errors), and the page takes its dates from the server anyway.
set -uo pipefail
cd "$(dirname "$0")/.."
LIB=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1)
if [ -z "$LIB" ]; then
  echo "libfaketime ontbreekt: apt-get install faketime" >&2
  exit 2
fi
if [ $# -gt 0 ]; then MOMENTS=("$@"); else
  MOMENTS=("2026-12-03 06:00" "2026-12-03 09:00" "2026-12-03 23:30" "2027-03-27 23:30" "2027-03-28 09:00" "2026-10-25 06:00")
fi
failed=0
for moment in "${MOMENTS[@]}"; do
  target=$(TZ=Europe/Amsterdam date -d "$moment" +%s)
  offset=$(( target - $(date +%s) ))
  echo "== npm test at $moment Europe/Amsterdam (offset ${offset}s)"
  if LD_PRELOAD="$LIB" FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME="$( [ $offset -ge 0 ] && echo "+" )${offset}s" \
    npx vitest run --reporter=dot --exclude test/tab/tab-browser.test.ts > "/tmp/test-at-$(echo "$moment" | tr ' :' '_-').log" 2>&1; then
    echo "   passed"
  else
    echo "   FAILED: see /tmp/test-at-$(echo "$moment" | tr ' :' '_-').log"; failed=1
  fi
done
exit $failed
