/*
 * spf_memo.h -- an authdns that remembers every answer (failures too)
 * for the length of one SPF probe run, so the record finding's tree walk
 * and each sender's check_host() ask DNS once per name and type: a
 * server that does not answer costs one timeout, not one per reader.
 */
#ifndef SENDWATCH_SPF_MEMO_H
#define SENDWATCH_SPF_MEMO_H

#include <stddef.h>

#include "probes/dns/authdns.h"

struct spf_memo_entry;

struct spf_memo {
	struct authdns		 ad;	/* query through this */
	struct authdns		*inner;
	struct spf_memo_entry	*v;
	size_t			 n;
};

/* Sets up m over inner. */
void	spf_memo_init(struct spf_memo *m, struct authdns *inner);

/* Releases every remembered answer to inner. */
void	spf_memo_free(struct spf_memo *m);

#endif
