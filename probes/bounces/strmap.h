/*
 * strmap.h -- a hash map from byte strings to fixed-size values, for
 * counting things seen in a stream (bounces per domain, per reply).
 * Open addressing, linear probing; keys are copied. A value is zeroed
 * when its key is first added; it lives until strmap_free().
 */
#ifndef SENDWATCH_STRMAP_H
#define SENDWATCH_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_entry {
	uint64_t	 hash;
	char		*key;		/* NUL-terminated copy */
	size_t		 keylen;
	void		*val;		/* vsize bytes, zeroed on creation */
};

struct strmap {
	struct strmap_entry	*slots;	/* cap slots, key NULL when free */
	size_t			 cap;
	size_t			 n;
	size_t			 vsize;
};

/* An empty map whose values are vsize bytes. */
void	strmap_init(struct strmap *, size_t vsize);

/* The value for key[0..len), or NULL when absent. */
void	*strmap_get(const struct strmap *, const char *key, size_t len);

/*
 * The value for key[0..len), added (zeroed) when absent: *added is set
 * to 1 then, else 0 (added may be NULL). NULL when out of memory.
 */
void	*strmap_put(struct strmap *, const char *key, size_t len, int *added);

/*
 * The entries in a new array (the caller frees the array, not the
 * entries), or NULL when the map is empty or out of memory.
 */
struct strmap_entry	**strmap_list(const struct strmap *);

/* Frees keys, values and slots; NULL does nothing. */
void	strmap_free(struct strmap *);

#endif
