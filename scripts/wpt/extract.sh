#!/bin/sh
# Extract what the WPT webauthn/ runner needs from a web-platform-tests git directory (a bare clone or a
# fork's snapshot), without checking out the whole (multi-GB) tree.
#   scripts/wpt/extract.sh <git-dir> <out-dir> [<commit-ish>]
# e.g. scripts/wpt/extract.sh /work/.mirror/andrewnicols+wpt/repo /work/wpt 0cb3a591f271124e731acee1feda75f5629a720d
# The WPT code stays outside this repository (it is someone else's code, fetched for measurement).
set -eu
if [ $# -lt 2 ]; then
  echo "usage: $0 <git-dir> <out-dir> [<commit-ish>]" >&2
  exit 2
fi
GD=$1
OUT=$2
REV=$(git --git-dir="$GD" rev-parse "${3:-HEAD}^{commit}")
# webauthn/ whole; from resources/ and interfaces/ only what the webauthn tests load (wptserve serves
# /resources/WebIDLParser.js from resources/webidl2/lib/webidl2.js: the runner does the same).
FILES=$( (git --git-dir="$GD" ls-tree -r --name-only "$REV" webauthn/
  for f in resources/testharness.js resources/testharnessreport.js resources/testdriver.js \
    resources/testdriver-vendor.js resources/testdriver-actions.js resources/idlharness.js \
    resources/webidl2/lib/webidl2.js interfaces/webauthn.idl interfaces/credential-management.idl \
    interfaces/html.idl interfaces/dom.idl LICENSE.md; do
    if git --git-dir="$GD" cat-file -e "$REV:$f" 2>/dev/null; then echo "$f"; else echo "note: $f is not in $REV" >&2; fi
  done) )
# One blob at a time (git show): a fork snapshot may lack unrelated large blobs, which breaks git archive.
for f in $FILES; do
  mkdir -p "$OUT/$(dirname "$f")"
  git --git-dir="$GD" show "$REV:$f" > "$OUT/$f"
done
echo "$REV" > "$OUT/WPT_COMMIT"
git --git-dir="$GD" log -1 --format=%cI "$REV" > "$OUT/WPT_DATE"
echo "extracted $(ls "$OUT/webauthn" | grep -c '\.https\?\.') webauthn test files of $REV into $OUT"
