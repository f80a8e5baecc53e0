/*
 * fuzz/fuzz_registry_csv.c - feeds bytes to the registry importer as CSV
 * files (through the CSV reader, NIP and handle validation, and the
 * cross-file checks), without a store. The input is split on lines
 * "%%" into up to three files: units, employees, accounts; an input
 * without "%%" is tried as each of the three in turn.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "netra/registry.h"

static void run(const uint8_t *p[3], const size_t n[3])
{
	struct netra_registry_import_opts o;
	struct netra_registry_import_result r;
	struct netra_registry_file *files[3] = {&o.units, &o.employees,
	                                        &o.accounts};
	static const char *const names[3] = {"units.csv", "employees.csv",
	                                     "accounts.csv"};
	int i;

	memset(&o, 0, sizeof(o));
	o.now = 1795564800; /* fixed: the run must be deterministic */
	for (i = 0; i < 3; i++) {
		if (!p[i] || n[i] == 0)
			continue;
		files[i]->f = fmemopen((void *)p[i], n[i], "rb");
		files[i]->path = names[i];
	}
	if (o.units.f || o.employees.f || o.accounts.f)
		(void)netra_registry_import(&r, NULL, &o);
	for (i = 0; i < 3; i++)
		if (files[i]->f)
			fclose(files[i]->f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p[3] = {NULL, NULL, NULL}, *end = data + size, *s;
	size_t n[3] = {0, 0, 0}, i;
	const uint8_t *cur = data;
	int k = 0;

	for (s = data; s + 3 <= end && k < 2; s++) {
		if ((s == data || s[-1] == '\n') && s[0] == '%' &&
		    s[1] == '%' && (s + 2 == end || s[2] == '\n')) {
			p[k] = cur;
			n[k++] = (size_t)(s - cur);
			cur = s + 3 <= end ? s + 3 : end;
			s += 2;
		}
	}
	if (k == 0) {
		for (i = 0; i < 3; i++) {
			const uint8_t *q[3] = {NULL, NULL, NULL};
			size_t m[3] = {0, 0, 0};
			q[i] = data;
			m[i] = size;
			run(q, m);
		}
		return 0;
	}
	p[k] = cur;
	n[k] = (size_t)(end - cur);
	run(p, n);
	return 0;
}
