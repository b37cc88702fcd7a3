#!/usr/bin/env bash
# The dependency rules of the design (DESIGN.md §2), checked with go list -deps:
#  - backend imports only the standard library;
#  - each backend subpackage imports backend, never a sibling
#    (backend/server, the composition root, is the one that wires them);
#  - nothing under backend/ imports Wails.
set -euo pipefail
tags="-tags=sqlite_fts5"
fail=0

bad=$(go list $tags -deps ./backend | grep -v '^siteward/backend$' | while read -r p; do
  [ -n "$(go list $tags -f '{{if not .Standard}}x{{end}}' "$p")" ] && echo "$p"; done || true)
if [ -n "$bad" ]; then echo "backend imports beyond the standard library: $bad"; fail=1; fi

for pkg in $(go list $tags ./backend/... | grep -v -e '^siteward/backend$' -e '^siteward/backend/server$'); do
  sib=$(go list $tags -deps "$pkg" | grep '^siteward/' | grep -v -e '^siteward/backend$' -e "^$pkg\$" || true)
  if [ -n "$sib" ]; then echo "$pkg imports a sibling: $sib"; fail=1; fi
done

w=$(go list $tags -deps ./backend/... | grep wailsapp || true)
if [ -n "$w" ]; then echo "backend imports Wails: $w"; fail=1; fi

[ "$fail" = 0 ] && echo "dependency rules: ok"
exit "$fail"
