#!/usr/bin/env bash
# The real desktop window under Xvfb, on a small demo workspace: the
# self-test loads the workspace, POSTs through the AssetServer handler and
# exits 0 only if the round trip worked. While the window is held open after
# a pass, a screenshot of the screen is saved for a person to look at.
#   desktop-selftest.sh DESKTOP_BIN SERVER_BIN ARTIFACT_DIR
set -euo pipefail
bin=$1 server=$2 out=$3
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
mkdir -p "$out"
"$server" demo --data "$data" --size small >/dev/null 2>&1
log="$out/desktop.log"
export SITEWARD_SELFTEST_HOLD=4s
rc=0
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  bin=$0 data=$1 out=$2 log=$3
  "$bin" --selftest --data "$data" 2>"$log" &
  pid=$!
  for _ in $(seq 1 400); do
    grep -q "holding the window open" "$log" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if grep -q "holding the window open" "$log"; then
    sleep 1.5 # let the clients list finish drawing
    import -window root "$out/desktop-workspace-1280.png" || echo "desktop: screenshot failed" >&2
  fi
  wait "$pid"' "$bin" "$data" "$out" "$log" || rc=$?
grep -E "self-test (passed|failed)|desktop window ready" "$log" || true
exit $rc
