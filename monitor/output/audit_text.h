/*
 * audit_text.h -- the human-readable audit report: grouped by target,
 * worst first, each problem with what it means and what to do.
 */
#ifndef SENDWATCH_AUDIT_TEXT_H
#define SENDWATCH_AUDIT_TEXT_H

#include <stdio.h>

#include "monitor/engine.h"

void	audit_print_text(FILE *, const struct engine *);

#endif
