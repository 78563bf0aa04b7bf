/*
 * cfg_types.h -- how each option type of cfg_options.h is parsed into its
 * field and freed (internal to config/). One row per enum cfg_type.
 */
#ifndef SENDWATCH_CFG_TYPES_H
#define SENDWATCH_CFG_TYPES_H

#include <stdbool.h>
#include <stddef.h>

#include "config/cfg_options.h"

struct cfg_type_ops {
	size_t	 size;	/* bytes of one value (one list element) */
	/* Parses val into the value at dst; false with a message in why. */
	bool	(*parse)(const struct cfg_option *, const char *val, void *dst,
		    char *why, size_t whylen);
	/* Frees what the value at dst owns (not dst itself). */
	void	(*free)(void *dst);
};

extern const struct cfg_type_ops cfg_type_ops[];

/*
 * Reads a secret file: contents without the trailing newline into *out
 * (malloc'd; the caller wipes and frees). False with "cannot read PATH:
 * REASON" in why. The contents never appear in a message.
 */
bool	cfg_read_secret(const char *path, char **out, char *why, size_t whylen);

/* Wipes and frees a secret string; NULL does nothing. */
void	cfg_secret_free(char *);

#endif
