#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster (scripts/pg.sh): its admin URL is in
# RESES_TEST_PG_URL, and the cluster is stopped and deleted however the command ends
# (success, failure, Ctrl-C).
#
#   scripts/with-pg.sh cargo test -p reses-server --test api
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/reses-pg.XXXXXX")
cleanup() { "$here/pg.sh" stop "$dir"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
RESES_TEST_PG_URL=$("$here/pg.sh" start "$dir")
export RESES_TEST_PG_URL
echo "PostgreSQL test cluster at $RESES_TEST_PG_URL" >&2
"$@"
