/*
 * fuzz/fuzz_profile.c - libFuzzer target for the election profile loader:
 * any bytes must give a profile or an error, never a crash or a leak.
 */
#include <stddef.h>
#include <stdint.h>

#include "netra/common.h"
#include "rules/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rules_profile *p = NULL;

	if (rules_profile_parse(&p, "fuzz", (const char *)data, size) == 0)
		rules_profile_free(p);
	if (rules_profile_parse_lenient(&p, "fuzz", (const char *)data, size) ==
	    0)
		rules_profile_free(p);
	(void)rules_profile_sniff((const char *)data, size);
	return 0;
}
