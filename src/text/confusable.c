/*
 * text/confusable.c - the look-alike fold of the text pipeline: letters of
 * other scripts that look like Latin letters ("Аyo соblos", with Cyrillic
 * А, с, о) read as those letters. The mapping is Unicode's confusables data
 * (UTS #39) as ICU's spoof checker exposes it (uspoof_getSkeleton, libicu):
 * no table is written by hand. lex_fold_build() asks ICU once per lexicon,
 * when it is loaded, for the skeleton of every letter of the scripts people
 * use to disguise Latin text; normalize.c then looks letters up in that
 * sorted table, only for words that hold a non-ASCII letter.
 *
 * Only letters outside ASCII are folded, never ASCII: the skeleton also
 * maps Latin sequences ("rn" -> "m", "l" -> "I"-like, "0" -> "O"), which
 * would damage ordinary Indonesian words. A letter is taken when its
 * skeleton (after case folding) is one to three ASCII letters.
 */
#include "text/lexicon_int.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>

#include "util/error.h"

/* Scripts whose letters are used to disguise Latin text, or that hold
 * look-alikes of Latin letters (IPA and other non-ASCII Latin letters that
 * survive NFKC and mark stripping: ı, ɑ, ɡ). Arabic, Hebrew and the
 * scripts of Asia are left alone: a word of them is no disguised
 * Indonesian word, and Indonesian posts quote Arabic. */
static int disguise_script(UChar32 cp)
{
	UErrorCode st = U_ZERO_ERROR;

	switch (uscript_getScript(cp, &st)) {
	case USCRIPT_LATIN:
	case USCRIPT_GREEK:
	case USCRIPT_CYRILLIC:
	case USCRIPT_ARMENIAN:
	case USCRIPT_CHEROKEE:
	case USCRIPT_COPTIC:
	case USCRIPT_LISU:
	case USCRIPT_DESERET:
	case USCRIPT_OSAGE:
	case USCRIPT_GEORGIAN:
		return U_SUCCESS(st);
	default:
		return 0;
	}
}

/* The UTS #39 skeleton of cp as 1-3 lower-case ASCII letters in out
 * (NUL-terminated); 0 if it is anything else. */
static size_t ascii_skeleton(const USpoofChecker *sc, UChar32 cp, char *out)
{
	UChar in[2], sk[16];
	int32_t n = 0, k, i;
	UErrorCode st = U_ZERO_ERROR;

	U16_APPEND_UNSAFE(in, n, cp);
	k = uspoof_getSkeleton(sc, 0, in, n, sk, 16, &st);
	if (U_FAILURE(st) || k < 1 || k > 3)
		return 0;
	for (i = 0; i < k; i++) {
		UChar c = sk[i];

		if (c >= 'A' && c <= 'Z')
			c = (UChar)(c + 32);
		if (c < 'a' || c > 'z')
			return 0;
		out[i] = (char)c;
	}
	out[k] = 0;
	return (size_t)k;
}

static int add_fold(struct text_lexicon *lex, size_t *cap, UChar32 cp,
                    const char *to, int cap_only)
{
	struct lex_fold *f;

	if (lex->nfold == *cap) {
		size_t nc = *cap ? *cap * 2 : 256;
		struct lex_fold *nf = realloc(lex->fold, nc * sizeof(*nf));

		if (!nf)
			return err_oom();
		lex->fold = nf;
		*cap = nc;
	}
	f = &lex->fold[lex->nfold++];
	memset(f, 0, sizeof(*f));
	f->cp = (uint32_t)cp;
	memcpy(f->to, to, strlen(to));
	f->len = (uint8_t)strlen(to);
	f->cap_only = (uint8_t)cap_only;
	return 0;
}

int lex_fold_build(struct text_lexicon *lex)
{
	/* the blocks that hold the scripts above (Latin extended, IPA,
	 * Greek, Cyrillic, Armenian, Georgian, Cherokee, Coptic; Lisu and
	 * Cyrillic/Latin extensions; Deseret and Osage) */
	static const UChar32 range[][2] = {
	    {0x80, 0x2dff}, {0xa400, 0xabff}, {0x10400, 0x104ff}};
	UErrorCode st = U_ZERO_ERROR;
	USpoofChecker *sc = uspoof_open(&st);
	size_t r, cap = 0;
	UChar32 cp, up;
	char to[8];
	int rc = 0;

	if (U_FAILURE(st) || !sc)
		return err_set(NETRA_ERROR, "confusables: ICU spoof checker: %s",
		               u_errorName(st));
	for (r = 0; r < sizeof(range) / sizeof(*range) && !rc; r++)
		for (cp = range[r][0]; cp <= range[r][1] && !rc; cp++) {
			/* the pipeline sees letters after NFKC and case
			 * folding: only those can reach the table */
			if (!u_isalpha(cp) || !disguise_script(cp) ||
			    u_hasBinaryProperty(
			        cp, UCHAR_CHANGES_WHEN_NFKC_CASEFOLDED))
				continue;
			if (ascii_skeleton(sc, cp, to))
				rc = add_fold(lex, &cap, cp, to, 0);
			/* "в" reads "b" only as the capital "В" was written */
			else if ((up = u_toupper(cp)) != cp &&
			         ascii_skeleton(sc, up, to))
				rc = add_fold(lex, &cap, cp, to, 1);
		}
	uspoof_close(sc);
	return rc; /* ranges ascend: the table is sorted by cp */
}

const struct lex_fold *lex_fold_get(const struct text_lexicon *lex,
                                    uint32_t cp)
{
	size_t lo = 0, hi = lex ? lex->nfold : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (lex->fold[mid].cp == cp)
			return &lex->fold[mid];
		if (lex->fold[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
