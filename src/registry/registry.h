/*
 * registry/registry.h - helpers shared inside the registry module: NIP
 * validation and staff keys (nip.c). The public API is
 * include/netra/registry.h.
 */
#ifndef NETRA_REGISTRY_INT_H
#define NETRA_REGISTRY_INT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "netra/registry.h"

#define REGISTRY_NIP_LEN 18
#define REGISTRY_KEY_MAX 64 /* longest staff key (NIP or staff id) */

/* Validates a NIP given as in[0..n) (spaces and dots are stripped) as of
 * the day `now` (Unix seconds). On success writes the 18 digits and a NUL
 * to out, and returns 0; a doubtful but acceptable number (sequence 000,
 * appointed before age 17) also writes a reason to warn (else warn[0] =
 * 0). On failure returns NETRA_EINVALID with a message naming the wrong
 * part (digits 1-8, 9-14, 15 or the length). With lenient != 0 (PPPK,
 * whose layout is unconfirmed) only the length is an error; the other
 * problems become the warning. */
int registry_nip_check(char out[REGISTRY_NIP_LEN + 1], const char *in, size_t n,
                       int64_t now, int lenient, char *warn, size_t warnsz);

/* Normalises a staff key (the nip column): a NIP (after stripping spaces
 * and dots, 18 digits) becomes its digits; anything else must be a staff
 * id token of letters, digits and . _ / - (at most REGISTRY_KEY_MAX).
 * Writes the key to out (size REGISTRY_KEY_MAX + 1) and sets *is_nip.
 * Returns 0 or NETRA_EINVALID with a reason. */
int registry_staff_key(char out[REGISTRY_KEY_MAX + 1], int *is_nip,
                       const char *in, size_t n);

#endif
