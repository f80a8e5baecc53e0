/*
 * web/bundle.h - a finding's evidence bundle as one zip or tar download
 * (bundle.c).
 */
#ifndef NETRA_WEB_BUNDLE_H
#define NETRA_WEB_BUNDLE_H

#include <stdint.h>

#include "netra/store.h"

/* Exports finding id's bundle for user actor (wf_evidence_export: scope
 * check and audit; NETRA_ENOTFOUND outside scope) and packs it as a zip
 * (zip != 0) or a tar with one top folder "bukti-ID/". *out_fd is an
 * unlinked temporary file positioned at 0 holding *size bytes; the caller
 * closes it. */
int web_bundle_archive(int *out_fd, uint64_t *size, netra_store *st,
                       const char *actor, int64_t id, const char *key_path,
                       int zip);

#endif
