#!/bin/sh
# Runs a test command (`sh scripts/test-tmp.sh npx ava ...`) with TMPDIR set to a folder of its own, made under
# the current TMPDIR (or /tmp) and removed when the command ends, whatever its status, which it keeps. The
# tests make their state folders, nginx prefixes, projects and Terraform roots with mkdtemp in TMPDIR, as do
# the processes they start; many of these outlive the test that made them, and `make test` left some hundred
# folders in /tmp at every run.
set -u
dir=$(mktemp -d "${TMPDIR:-/tmp}/hosepipe-tests.XXXXXX") || exit 1
# Open to every user as /tmp is (sticky): some tests run a step as another user in a folder of their own in it.
chmod 1777 "$dir"
trap 'rm -rf "$dir" 2>/dev/null || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
TMPDIR=$dir "$@"
