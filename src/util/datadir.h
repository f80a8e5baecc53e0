/*
 * util/datadir.h - where netra's data (rulebook, word lists, model, demo
 * profile, holidays) lives. The binary must find it wherever it was
 * installed or moved, and in the build tree, without being told.
 */
#ifndef NETRA_UTIL_DATADIR_H
#define NETRA_UTIL_DATADIR_H

/* The data directory, first match:
 *  1. $NETRA_DATA when set and not empty (used as given);
 *  2. <dir of the running binary>/../share/netra, read from
 *     /proc/self/exe (an installed or moved `make install` tree);
 *  3. the source tree's data/ the binary was built from (NETRA_DATA_DIR,
 *     a build-time path: the build tree);
 *  4. "data" (relative to the working directory).
 * A candidate counts when it holds rulebook.yaml. The answer is computed
 * once per process (thread-safe) and owned by this module. */
const char *datadir_get(void);

#endif
