/*
 * rules/verdict.c - label names and the Verdict JSON of DESIGN.md, printed
 * from a netra_verdict. rules_verdict_json() appends to a caller's sbuf (no
 * allocation once it has grown); netra_verdict_json() is the public,
 * allocating form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netra/verdict.h"
#include "rules/verdict_json.h"
#include "util/error.h"

const char *netra_label_name(unsigned bit)
{
	switch (bit) {
	case 0:
		return "none";
	case NETRA_LABEL_SUPPORT:
		return "support";
	case NETRA_LABEL_ATTACK:
		return "attack";
	case NETRA_LABEL_HATE:
		return "hate_speech";
	case NETRA_LABEL_HOAX:
		return "hoax";
	default:
		return "?";
	}
}

static int put_finding(struct sbuf *b, const netra_finding *f)
{
	size_t k;
	int rc;

	rc = sbuf_puts(b, "{\"rule\":");
	rc = rc || sbuf_json_str(b, f->rule, strlen(f->rule));
	rc = rc ||
	     sbuf_printf(b, ",\"category\":\"%s\",\"candidate\":", f->category);
	rc = rc || (f->candidate ? sbuf_printf(b, "%d", f->candidate)
	                         : sbuf_puts(b, "null"));
	rc = rc || sbuf_printf(
	               b, ",\"severity\":\"%s\",\"basis\":", f->severity_name);
	rc = rc || sbuf_json_str(b, f->basis, strlen(f->basis));
	rc = rc || sbuf_puts(b, ",\"spans\":[");
	for (k = 0; k < f->nspans && !rc; k++)
		rc = sbuf_printf(b, "%s[%u,%u]", k ? "," : "",
		                 (unsigned)f->spans[k].a,
		                 (unsigned)f->spans[k].b);
	rc = rc || sbuf_puts(b, "],\"explain\":");
	rc = rc || sbuf_json_str(b, f->explain, strlen(f->explain));
	if (f->field == NETRA_FIELD_TARGET_TEXT)
		rc = rc || sbuf_puts(b, ",\"field\":\"target.text\"");
	else if (f->field >= NETRA_FIELD_MEDIA0)
		rc = rc || sbuf_printf(b, ",\"field\":\"media[%d].ocr_text\"",
		                       f->field - NETRA_FIELD_MEDIA0);
	if (f->hoax_id) {
		rc = rc || sbuf_puts(b, ",\"hoax\":{\"id\":");
		rc = rc || sbuf_json_str(b, f->hoax_id, strlen(f->hoax_id));
		rc = rc || sbuf_puts(b, ",\"url\":");
		rc = rc || (f->hoax_url ? sbuf_json_str(b, f->hoax_url,
		                                        strlen(f->hoax_url))
		                        : sbuf_puts(b, "null"));
		rc = rc || sbuf_putc(b, '}');
	}
	rc = rc || sbuf_putc(b, '}');
	return rc ? err_oom() : 0;
}

int rules_verdict_json(struct sbuf *b, const netra_verdict *v)
{
	static const unsigned order[] = {NETRA_LABEL_SUPPORT,
	                                 NETRA_LABEL_ATTACK, NETRA_LABEL_HATE,
	                                 NETRA_LABEL_HOAX};
	size_t i, n = 0;
	int rc;

	rc = sbuf_puts(b, "{\"id\":");
	rc = rc ||
	     sbuf_json_str(b, v->id.s ? v->id.s : "", v->id.s ? v->id.len : 0);
	rc = rc || sbuf_puts(b, ",\"labels\":[");
	for (i = 0; i < 4 && !rc; i++)
		if (v->labels & order[i])
			rc = (n++ && sbuf_putc(b, ',')) || sbuf_putc(b, '"') ||
			     sbuf_puts(b, netra_label_name(order[i])) ||
			     sbuf_putc(b, '"');
	if (!rc && !n)
		rc = sbuf_puts(b, "\"none\"");
	rc = rc || sbuf_puts(b, "],\"candidate\":");
	rc = rc || (v->candidate ? sbuf_printf(b, "%d", v->candidate)
	                         : sbuf_puts(b, "null"));
	/* most verdicts score 0 (netra check writes one per event: printf's
	 * float formatting was 4% of its time); the rest as printf rounds */
	rc = rc || (v->score == 0.0
	                ? sbuf_puts(b, ",\"score\":0.00,\"findings\":[")
	                : sbuf_printf(b, ",\"score\":%.2f,\"findings\":[",
	                              v->score));
	for (i = 0; i < v->nfindings && !rc; i++) {
		if (i)
			rc = sbuf_putc(b, ',');
		rc = rc || put_finding(b, &v->findings[i]);
	}
	rc = rc || sbuf_puts(b, "],\"rulebook\":");
	rc = rc || sbuf_json_str(b, v->rulebook ? v->rulebook : "",
	                         v->rulebook ? strlen(v->rulebook) : 0);
	rc = rc || sbuf_putc(b, '}');
	return rc ? err_oom() : 0;
}

int netra_verdict_json(char **out, size_t *len, const netra_verdict *v)
{
	struct sbuf b = SBUF_INIT;
	int rc;

	*out = NULL;
	if (len)
		*len = 0;
	rc = rules_verdict_json(&b, v);
	if (rc) {
		sbuf_free(&b);
		return rc;
	}
	if (len)
		*len = b.len;
	*out = sbuf_detach(&b);
	return *out ? 0 : err_oom();
}
