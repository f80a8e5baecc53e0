/*
 * rules/profile.h - the election profile (DESIGN.md "Election profile"):
 * the election's id, name, region, time zone, campaign period and voting
 * day, and per
 * candidate pair its number, names, aliases, hashtags, slogans, parties and
 * campaign accounts. Loaded from YAML with precise file:line:col errors;
 * any number of pairs. The matcher turns these strings into patterns.
 */
#ifndef NETRA_RULES_PROFILE_H
#define NETRA_RULES_PROFILE_H

#include <stddef.h>
#include <stdint.h>

struct rules_strlist {
	char **v;
	size_t n;
};

struct rules_account {
	char *platform; /* lower case; may be "" when not given */
	char *handle;   /* lower case, no leading '@' */
};

struct rules_candidate {
	int number;
	struct rules_strlist names, aliases, hashtags, slogans, parties;
	/* titles, roles, epithets a campaign uses ("anak wali kota", "sang
	 * jenderal"): weak references, like a first name (optional) */
	struct rules_strlist descriptors;
	struct rules_account *accounts;
	size_t naccounts;
	char *label; /* "nomor 2 (A – B)", built at load */
	int incumbent; /* `incumbent: true`, or an alias "petahana" or
	                  "incumbent": the sitting head of the region */
};

struct rules_profile {
	char *id, *name, *region;
	long campaign_start, campaign_end, voting_day; /* days since epoch */
	int32_t utc_offset; /* the region's zone: `timezone` (WIB, WITA,
	                       WIT or an IANA name), default WIB */
	char *timezone;     /* as written ("WIB" when not given) */
	struct rules_candidate *cand;
	size_t ncand;
};

/* Parses a profile from buf[0, len); name is used in error messages.
 * *out is NULL on entry; free with rules_profile_free(). NETRA_EINVALID
 * with "name:line:col: reason", NETRA_ENOMEM. */
int rules_profile_parse(struct rules_profile **out, const char *name,
                        const char *buf, size_t len);

/* Reads and parses a profile file (NETRA_EIO if unreadable). */
int rules_profile_load(struct rules_profile **out, const char *path);

/* As rules_profile_parse()/_load(), but keys the schema does not know are
 * ignored instead of reported: the engine judges with a profile that a
 * newer tool extended; `netra rules check` stays strict. */
int rules_profile_parse_lenient(struct rules_profile **out, const char *name,
                                const char *buf, size_t len);
int rules_profile_load_lenient(struct rules_profile **out, const char *path);

/* True if buf looks like a profile (a top-level "election" or
 * "candidates" key) rather than a rulebook. */
int rules_profile_sniff(const char *buf, size_t len);

/* The candidate with this number, or NULL. */
const struct rules_candidate *rules_profile_find(const struct rules_profile *p,
                                                 int number);

void rules_profile_free(struct rules_profile *p);

#endif
