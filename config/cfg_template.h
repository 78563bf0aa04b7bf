/*
 * cfg_template.h -- the plain-text webhook template ([alert NAME]
 * template_file): its placeholders ({event_id} {key} {probe} {target}
 * {from} {to} {summary} {detail} {time}), the check made when the config
 * is loaded, and the substitution the webhook sink makes per event.
 * A placeholder is '{' NAME '}' with NAME of letters, digits and '_';
 * any other '{' is plain text. Substitution copies values as bytes: user
 * text is never used as a format string.
 */
#ifndef SENDWATCH_CFG_TEMPLATE_H
#define SENDWATCH_CFG_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

enum cfg_tpl_field {
	CFG_TPL_EVENT_ID,
	CFG_TPL_KEY,
	CFG_TPL_PROBE,
	CFG_TPL_TARGET,
	CFG_TPL_FROM,
	CFG_TPL_TO,
	CFG_TPL_SUMMARY,
	CFG_TPL_DETAIL,
	CFG_TPL_TIME,
	CFG_TPL_COUNT,
};

/* "event_id", "key", ...: the placeholder names, indexed by the enum. */
extern const char *const cfg_tpl_names[CFG_TPL_COUNT];

/*
 * True when every placeholder in text is known; else false with
 * "line N: unknown placeholder {NAME} (expected one of: {event_id}, ...)"
 * in why (N counts lines of the template).
 */
bool	cfg_template_check(const char *text, char *why, size_t whylen);

/*
 * text with each known placeholder replaced by values[field] (NULL is
 * ""); an unknown one is kept as written. The caller frees the result;
 * NULL when out of memory.
 */
char	*cfg_template_render(const char *text,
	    const char *const values[CFG_TPL_COUNT]);

#endif
