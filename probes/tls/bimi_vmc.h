/*
 * bimi_vmc.h -- the mark certificate (VMC/CMC) a BIMI record's a= tag
 * names: subject, issuer, validity dates and the domain (bimi_vmc.c).
 */
#ifndef SENDWATCH_BIMI_VMC_H
#define SENDWATCH_BIMI_VMC_H

#include <stddef.h>

#include "probes/verdict.h"

/* Checks len bytes of PEM for domain; notes and warnings go to v. */
void	bimi_vmc_check(const char *pem, size_t len, const char *domain,
	    struct verdict *v);

#endif
