#!/bin/sh
# Evidence log figures: append rate inside evidence_append_pending (in
# ingest-like batches of 5,000) against a bare crypto_hash_sha256 loop over
# the same leaf records (the baseline, same run); inclusion proofs/s
# computed and verified; bundle export and verifications/s; audit time;
# peak RSS. EVIDENCE_BENCH_LEAVES sets the log size (default 1,000,000).
set -eu
: "${NETRA_BUILD:=build}"
LEAVES=${EVIDENCE_BENCH_LEAVES:-1000000}
"$NETRA_BUILD/bench_evidence" "$LEAVES"
