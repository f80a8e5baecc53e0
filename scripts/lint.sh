#!/bin/sh
# `make lint`: bans unsafe string calls (curl's checksrc idea) and runs
# cppcheck over the sources. clang-format is advisory: `clang-format -i`.
set -eu
cd "$(dirname "$0")/.."
bad=$(grep -rnE '\b(sprintf|vsprintf|strcpy|strcat|gets|strtok)\s*\(' src include tools bench fuzz || true)
if [ -n "$bad" ]; then
	echo "lint: banned calls (use snprintf / sbuf / memcpy with lengths):" >&2
	echo "$bad" >&2
	exit 1
fi
cppcheck --quiet --error-exitcode=1 --std=c11 --inline-suppr \
	--suppress=missingIncludeSystem -I include -I src src
echo "lint: ok"
