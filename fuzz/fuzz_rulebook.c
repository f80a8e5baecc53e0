/*
 * fuzz/fuzz_rulebook.c - libFuzzer target for the rulebook loader. File
 * lexicons resolve against a directory that does not exist, so only
 * inline lexicons load; any bytes must give a rulebook or an error.
 */
#include <stddef.h>
#include <stdint.h>

#include "netra/common.h"
#include "rules/rulebook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rules_rulebook *rb = NULL;

	if (rules_rulebook_parse(&rb, "fuzz", "/nonexistent-netra-fuzz",
	                         (const char *)data, size) == 0)
		rules_rulebook_free(rb);
	return 0;
}
