/*
 * ruf_store.h -- DMARC failure reports (probes/reports/ruf.h) in the
 * state database, stored once by their key (ruf.h).
 */
#ifndef SENDWATCH_RUF_STORE_H
#define SENDWATCH_RUF_STORE_H

#include <stddef.h>

#include <sqlite3.h>

#include "probes/reports/ruf.h"

/*
 * Stores r from source. Returns 1 when stored, 0 when stored before,
 * -1 with the reason in err.
 */
int	ruf_store_put(sqlite3 *, const struct ruf_report *r,
	    const char *source, char *err, size_t errlen);

#endif
