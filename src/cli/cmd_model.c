/*
 * cli/cmd_model.c - `netra model`: train the hate-speech classifier from
 * the public dataset in ../shared/data (rules/classifier_train.c) and
 * score texts with a model file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "netra/common.h"
#include "netra/engine.h"
#include "rules/classifier.h"
#include "rules/stance.h"
#include "text/normalize.h"

#define DATASET_REL "data/ibrohim2019/re_dataset.csv"

static const char usage[] =
	"usage: netra model train [--data PATH] [--out PATH] [--seed N]\n"
	"                         [--label sara|hs] [--data-dir DIR]\n"
	"                         [--folds FILE]\n"
	"       netra model score [--model PATH] [--data-dir DIR] TEXT...\n"
	"       netra model stance-train [--data-dir DIR] [--shared DIR]\n"
	"                         [--out PATH] [--folds PATH]\n"
	"                         [--exclude-fold SET:K] [--write-folds]\n"
	"\n"
	"train  trains logistic regression (liblinear) on hashed word and\n"
	"       character n-grams of the Ibrohim & Budi (2019) tweets and\n"
	"       writes the model (default data/model/hate.model).\n"
	"       --data defaults to $NETRA_SHARED/" DATASET_REL ",\n"
	"       else ../shared/" DATASET_REL ".\n"
	"       --folds also cross-validates over a fold assignment\n"
	"       (ROW FOLD per line: data/model/folds-ibrohim2019.txt).\n"
	"score  prints the probability for each TEXT.\n"
	"stance-train  trains the stance model (support / attack / none per\n"
	"       pair named) from the labelled sets, distant supervision and\n"
	"       InSet under --shared (default $NETRA_SHARED, else ../shared);\n"
	"       writes DIR/model/stance.model. --exclude-fold leaves fold K\n"
	"       of SET out (cross-validation; folds in DIR/model/stance.folds,\n"
	"       rewritten from the fixed seed by --write-folds).\n";

/* The netra data directory: --data-dir, else $NETRA_DATA, else the
 * source tree's data/ (netra_engine_default_data_dir). */
static const char *data_dir(const char *opt)
{
	return opt ? opt : netra_engine_default_data_dir();
}

static int train_cmd(int argc, char **argv)
{
	struct classifier_train_opts o = {NULL, NULL, NULL, "sara", 2019, 1,
					  NULL};
	struct classifier_metrics m;
	const char *seed = NULL, *dir = NULL, *shared = getenv("NETRA_SHARED");
	char path[4096], out[4096];
	int i = 1, r = 0;

	while (i < argc) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return CLI_OK;
		}
		if ((r = cli_opt(argc, argv, &i, "--data", &o.data_path)) ||
		    (r = cli_opt(argc, argv, &i, "--out", &o.out_path)) ||
		    (r = cli_opt(argc, argv, &i, "--seed", &seed)) ||
		    (r = cli_opt(argc, argv, &i, "--label", &o.label)) ||
		    (r = cli_opt(argc, argv, &i, "--data-dir", &dir)) ||
		    (r = cli_opt(argc, argv, &i, "--folds", &o.folds_path))) {
			if (r < 0)
				return cli_usage(usage);
			continue;
		}
		return cli_usage(usage);
	}
	o.data_dir = data_dir(dir);
	if (!o.data_path) {
		snprintf(path, sizeof(path), "%s/%s",
			 shared && *shared ? shared : "../shared", DATASET_REL);
		o.data_path = path;
	}
	if (!o.out_path) {
		snprintf(out, sizeof(out), "%s/%s", o.data_dir,
			 CLASSIFIER_DEFAULT_MODEL);
		o.out_path = out;
	}
	if (seed) {
		char *end;

		o.seed = strtoull(seed, &end, 10);
		if (*seed == '\0' || *end != '\0')
			return cli_usage(usage);
	}
	if (classifier_train(&o, &m) != 0)
		return cli_fail("model train");
	printf("dataset  %s\nsha256   %s\nlabel    %s\nsplit    seed %llu: "
	       "%zu train / %zu held out (20%%)\n", o.data_path,
	       m.dataset_sha256, o.label, (unsigned long long)o.seed,
	       m.n_train, m.n_test);
	printf("model    %s (%zu non-zero weights, C=%g, threshold %.2f)\n",
	       o.out_path, m.n_features, m.c, m.threshold);
	printf("held-out precision %.4f recall %.4f F1 %.4f accuracy %.4f "
	       "(accuracy at p>=0.5: %.4f)\n", m.precision, m.recall, m.f1,
	       m.accuracy, m.accuracy_05);
	if (m.cv_folds)
		printf("%d-fold cross-validation (%s; each fold's C, threshold "
		       "and weights from the other folds): precision %.4f "
		       "recall %.4f F1 %.4f (folds %.4f-%.4f)\n", m.cv_folds,
		       o.folds_path, m.cv_precision, m.cv_recall, m.cv_f1,
		       m.cv_f1_min, m.cv_f1_max);
	printf("command  netra model train --data %s --out %s --seed %llu "
	       "--label %s%s%s%s%s\n", o.data_path, o.out_path,
	       (unsigned long long)o.seed, o.label, dir ? " --data-dir " : "",
	       dir ? dir : "", o.folds_path ? " --folds " : "",
	       o.folds_path ? o.folds_path : "");
	return CLI_OK;
}

static int score_cmd(int argc, char **argv)
{
	struct classifier *c = NULL;
	struct text_lexicon *lex = NULL;
	struct text_norm n = {0};
	const char *model = NULL, *dir = NULL;
	char mpath[4096];
	int i = 1, r, rc = CLI_OK;

	while (i < argc && argv[i][0] == '-') {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return CLI_OK;
		}
		if ((r = cli_opt(argc, argv, &i, "--model", &model)) ||
		    (r = cli_opt(argc, argv, &i, "--data-dir", &dir))) {
			if (r < 0)
				return cli_usage(usage);
			continue;
		}
		return cli_usage(usage);
	}
	if (i >= argc)
		return cli_usage(usage);
	if (!model) {
		snprintf(mpath, sizeof(mpath), "%s/%s", data_dir(dir),
			 CLASSIFIER_DEFAULT_MODEL);
		model = mpath;
	}
	if (classifier_load(&c, model) != 0)
		return cli_fail("model score");
	if (text_lexicon_load(&lex, data_dir(dir)) != 0) {
		classifier_free(c);
		return cli_fail("model score");
	}
	for (; i < argc && rc == CLI_OK; i++) {
		if (text_normalize(&n, lex, argv[i], strlen(argv[i])) != 0) {
			rc = cli_fail("model score");
			break;
		}
		printf("%.4f\t%s\n", classifier_score(c, n.buf, n.len),
		       argv[i]);
	}
	text_norm_free(&n);
	text_lexicon_free(lex);
	classifier_free(c);
	return rc;
}

static int stance_cmd(int argc, char **argv)
{
	struct stance_train_opts o;
	struct stance_train_report rep;
	const char *dir = NULL, *shared = getenv("NETRA_SHARED");
	char out[4096], folds[4096];
	size_t k;
	int i = 1, r = 0;

	memset(&o, 0, sizeof(o));
	while (i < argc) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return CLI_OK;
		}
		if (strcmp(argv[i], "--write-folds") == 0) {
			o.write_folds = 1;
			i++;
			continue;
		}
		if ((r = cli_opt(argc, argv, &i, "--data-dir", &dir)) ||
		    (r = cli_opt(argc, argv, &i, "--shared", &shared)) ||
		    (r = cli_opt(argc, argv, &i, "--out", &o.out_path)) ||
		    (r = cli_opt(argc, argv, &i, "--folds", &o.folds_path)) ||
		    (r = cli_opt(argc, argv, &i, "--exclude-fold",
		                 &o.exclude))) {
			if (r < 0)
				return cli_usage(usage);
			continue;
		}
		return cli_usage(usage);
	}
	o.data_dir = data_dir(dir);
	o.shared_dir = shared && *shared ? shared : "../shared";
	snprintf(out, sizeof(out), "%s/%s", o.data_dir, STANCE_DEFAULT_MODEL);
	snprintf(folds, sizeof(folds), "%s/model/stance.folds", o.data_dir);
	if (!o.out_path)
		o.out_path = out;
	if (!o.folds_path)
		o.folds_path = folds;
	if (stance_train(&o, &rep) != 0)
		return cli_fail("model stance-train");
	printf("instances support %zu attack %zu none %zu (events skipped as "
	       "malformed: %zu)\n",
	       rep.rows[STANCE_SUPPORT], rep.rows[STANCE_ATTACK],
	       rep.rows[STANCE_NONE], rep.skipped);
	for (k = 0; k < rep.nfiles; k++)
		printf("sha256   %s  %s\n", rep.sha[k], rep.files[k]);
	printf("model    %s (%zu features with a non-zero weight)\n",
	       o.out_path, rep.nnz);
	printf("command  netra model stance-train --data-dir %s --shared %s "
	       "--out %s%s%s\n",
	       o.data_dir, o.shared_dir, o.out_path,
	       o.exclude ? " --exclude-fold " : "", o.exclude ? o.exclude : "");
	return CLI_OK;
}

int cmd_model(struct cli *c, int argc, char **argv)
{
	(void)c;
	if (argc < 2)
		return cli_usage(usage);
	if (cli_is_help(argv[1])) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "train") == 0)
		return train_cmd(argc - 1, argv + 1);
	if (strcmp(argv[1], "score") == 0)
		return score_cmd(argc - 1, argv + 1);
	if (strcmp(argv[1], "stance-train") == 0)
		return stance_cmd(argc - 1, argv + 1);
	return cli_usage(usage);
}
