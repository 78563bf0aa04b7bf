/*
 * cfg_struct.h -- internal to config/: reaching into struct config through
 * the option table (cfg_struct.c) and the error list (cfg_errors.c).
 * kind is an enum cfg_section_id; index picks a [kind NAME] instance.
 */
#ifndef SENDWATCH_CFG_STRUCT_H
#define SENDWATCH_CFG_STRUCT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "config/cfg_options.h"
#include "config/config.h"

/* The section struct of kind (instance index for named sections). */
void	*cfg_section_ptr(const struct config *, int kind, size_t index);
/* The number of [kind NAME] instances (named sections only). */
size_t	*cfg_section_count(struct config *, int kind);
/* Appends one value to the list field of o in inst; false when out of memory. */
bool	 cfg_list_append(void *inst, const struct cfg_option *o, const void *elem);
/* Frees the value(s) of o in inst and clears the field. */
void	 cfg_option_free(void *inst, const struct cfg_option *o);
/* Frees every field of a section instance (and its name). */
void	 cfg_section_free(void *inst, int kind);
/* Applies the table's defaults to inst; false (why) only on a bad default. */
bool	 cfg_section_defaults(void *inst, int kind, char *why, size_t whylen);
/* A config holding the defaults; NULL with why when out of memory. */
struct config *cfg_config_new(char *why, size_t whylen);

/* Appends "file:line: message" (line 0: "file: message"); 0 or -1. */
int	 cfg_errors_vaddf(struct cfg_errors *, const char *file, unsigned line,
	    const char *fmt, va_list ap);

#endif
