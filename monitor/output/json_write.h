/*
 * json_write.h -- writing JSON text (RFC 8259) for --json output: string
 * escaping and the findings document shared by audit and check.
 */
#ifndef SENDWATCH_JSON_WRITE_H
#define SENDWATCH_JSON_WRITE_H

#include <stdio.h>

#include "probes/finding.h"

/* Writes s as a JSON string, quotes included; invalid UTF-8 becomes U+FFFD. */
void	json_write_string(FILE *, const char *s);

/* Like json_write_string, but NULL or "" is written as null. */
void	json_write_string_or_null(FILE *, const char *s);

/*
 * Writes {"findings": [...], "summary": {...}} where summary holds the
 * count of findings per state plus the given extra members, written
 * verbatim after a comma (e.g. "\"queries\": 12"; may be NULL).
 */
void	json_write_findings(FILE *, const struct finding_list *,
	    const char *extra_summary);

#endif
