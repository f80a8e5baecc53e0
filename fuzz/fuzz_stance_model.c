/*
 * fuzz/fuzz_stance_model.c - feeds bytes to the parser of the stance model
 * file (src/rules/stance.c, data/model/stance.model): outside input, since
 * an operator may retrain and replace it.
 *
 * Input: the whole file, written to a temporary file and loaded with
 * stance_load(). Invariants: a load either fails with an error message or
 * gives a model whose probabilities for a fixed text are finite and sum
 * to 1.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netra/common.h"
#include "rules/stance.h"
#include "text/normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_scores(const struct stance_model *m)
{
	static const char text[] = "jangan pilih dia, dukung yang lain";
	struct text_norm n = {0};
	uint8_t role[16] = {0};
	struct stance_acc a;
	double p[STANCE_NCLASS];

	if (text_normalize(&n, NULL, text, sizeof(text) - 1) || n.ntok > 16)
		abort();
	role[2] = STANCE_ROLE_TARGET;
	role[0] = STANCE_ROLE_NEG;
	stance_begin(&a, m);
	stance_walk(&n, role, stance_acc_fn, &a);
	stance_walk_flags(STANCE_F_OTHERS, stance_acc_fn, &a);
	stance_end(&a, p);
	if (!(fabs(p[0] + p[1] + p[2] - 1) < 1e-9))
		abort();
	text_norm_free(&n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/netra-fuzz-stance.XXXXXX";
	struct stance_model *m = NULL;
	FILE *f;
	int fd, rc;

	fd = mkstemp(path);
	if (fd < 0)
		return 0;
	f = fdopen(fd, "w");
	if (!f || fwrite(data, 1, size, f) != size) {
		if (f)
			fclose(f);
		else
			close(fd);
		unlink(path);
		return 0;
	}
	fclose(f);
	rc = stance_load(&m, path);
	unlink(path);
	if (rc == 0) {
		check_scores(m);
		stance_free(m);
	} else if (m || !netra_error_last()[0]) {
		abort();
	}
	return 0;
}
