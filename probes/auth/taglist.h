/*
 * taglist.h -- the "tag=value; tag=value" syntax shared by DKIM key
 * records (RFC 6376 §3.2) and DMARC records (RFC 7489 §6.4).
 *
 * Tag names are kept as written; taglist_get ignores case (DMARC),
 * taglist_get_exact does not (DKIM, RFC 6376 §3.2). Values are trimmed
 * of surrounding whitespace. Repeated tags are kept (each occurrence) and
 * listed in dups so the caller can report them. The list owns its
 * strings; taglist_free() releases them.
 */
#ifndef SENDWATCH_TAGLIST_H
#define SENDWATCH_TAGLIST_H

#include <stddef.h>

struct taglist_tag {
	char	*name;
	char	*value;
};

struct taglist {
	struct taglist_tag	*v;
	size_t			 n;
	char			*dups;	/* "p, rua" or NULL: repeated tags */
};

/*
 * Parses len bytes of text. Returns 0, or -1 with a message naming the
 * offending tag in err (the list then holds the tags before it).
 */
int		 taglist_parse(struct taglist *, const char *text, size_t len,
		    char *err, size_t errlen);
/* The first value of the tag, or NULL. Borrowed from the list. */
const char	*taglist_get(const struct taglist *, const char *name);
/* The same, with the tag name compared case-sensitively. */
const char	*taglist_get_exact(const struct taglist *, const char *name);
void		 taglist_free(struct taglist *);	/* NULL does nothing */

#endif
