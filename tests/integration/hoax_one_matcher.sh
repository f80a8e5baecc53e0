#!/bin/sh
# `netra check` and `netra hoax match` share one matcher (rules/hoax.h,
# docs/hoax.md): over the fictional red-team election (fixtures/redteam),
# a text is a hoax for check exactly when hoax match names a debunk, the
# same one, with --forwarded where the text is worded as a forward. Before
# the engine's index and the command's were built differently (the engine
# kept stopwords and filtered matches in the judge), and the two disagreed.
# Texts carry no debunking words ("hoaks", "cek fakta"): that gate is the
# rulebook's, in check only.
. "$NETRA_SRC/tests/integration/lib.sh"
export NETRA_DATA="$NETRA_SRC/data"
D="$NETRA_SRC/tests/integration/fixtures/redteam"

# same TEXT [--forwarded]: check and hoax match agree on TEXT.
same() {
	text=$1
	shift
	expect_rc 0 "$NETRA_BIN" check --election "$D/election.yaml" \
		--hoaxes "$D/debunks.jsonl" "$text"
	check=$(sed -n 's/.*"hoax":{"id":"\([^"]*\)".*/\1/p' "$TMP/out")
	expect_rc 0 "$NETRA_BIN" hoax match --election "$D/election.yaml" \
		--hoaxes "$D/debunks.jsonl" "$@" "$text"
	match=$(sed -n 's/^{"hoax":"\([^"]*\)".*/\1/p' "$TMP/out")
	[ "$check" = "$match" ] ||
		fail "check found '$check', hoax match '$match': $text"
	echo "${check:-none}	$text"
}

same "Paslon nomor 3 kabarnya didiskualifikasi KPU karena ijazahnya palsu" \
	--forwarded
same "Paslon nomor 3 didiskualifikasi KPU karena ijazah palsu, parah"
same "Tinta sidik jari pemilu tahun ini mengandung bahan kimia yang bikin kulit gatal"
same "Paslon nomor 3 hadir di KPU untuk pengundian nomor urut"
same "Tinta sidik jari pemilu sudah tiba di gudang KPU Bontoloe"
same "Selamat pagi Bontoloe, cuaca cerah hari ini"
same "Info dari grup sebelah: Sirekap diatur biar suara otomatis ke paslon 2. Sebarkan!" \
	--forwarded
same "Pencoblosan Pilkada Bontoloe tetap 27 November, ayo datang ke TPS"
