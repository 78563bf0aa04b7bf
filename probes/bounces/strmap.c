/*
 * strmap.c -- string-keyed hash map (see strmap.h). FNV-1a hashing; the
 * table doubles when two thirds full. Key and value share one allocation.
 */
#include <stdlib.h>
#include <string.h>

#include "probes/bounces/strmap.h"

static uint64_t
strmap_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

void
strmap_init(struct strmap *m, size_t vsize)
{
	memset(m, 0, sizeof(*m));
	m->vsize = vsize;
}

static struct strmap_entry *
strmap_slot(const struct strmap *m, uint64_t h, const char *key, size_t len)
{
	size_t i = (size_t)h & (m->cap - 1);

	while (m->slots[i].key != NULL) {
		const struct strmap_entry *e = &m->slots[i];
		if (e->hash == h && e->keylen == len &&
		    memcmp(e->key, key, len) == 0)
			break;
		i = (i + 1) & (m->cap - 1);
	}
	return &m->slots[i];
}

void *
strmap_get(const struct strmap *m, const char *key, size_t len)
{
	struct strmap_entry *e;

	if (m->cap == 0)
		return NULL;
	e = strmap_slot(m, strmap_hash(key, len), key, len);
	return e->key != NULL ? e->val : NULL;
}

static int
strmap_grow(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct strmap_entry *slots = calloc(cap, sizeof(*slots));
	struct strmap old = *m;

	if (slots == NULL)
		return -1;
	m->slots = slots;
	m->cap = cap;
	for (size_t i = 0; i < old.cap; i++) {
		struct strmap_entry *e = &old.slots[i];
		if (e->key != NULL)
			*strmap_slot(m, e->hash, e->key, e->keylen) = *e;
	}
	free(old.slots);
	return 0;
}

void *
strmap_put(struct strmap *m, const char *key, size_t len, int *added)
{
	struct strmap_entry *e;
	uint64_t h = strmap_hash(key, len);
	size_t vsize;
	char *block;

	if (added != NULL)
		*added = 0;
	if ((m->n + 1) * 3 >= m->cap * 2 && strmap_grow(m) == -1)
		return NULL;
	e = strmap_slot(m, h, key, len);
	if (e->key != NULL)
		return e->val;
	/* value first, at malloc's alignment; the key after it */
	vsize = (m->vsize + 15) & ~(size_t)15;
	if ((block = calloc(1, vsize + len + 1)) == NULL)
		return NULL;
	memcpy(block + vsize, key, len);
	e->hash = h;
	e->val = block;
	e->key = block + vsize;
	e->keylen = len;
	m->n++;
	if (added != NULL)
		*added = 1;
	return e->val;
}

struct strmap_entry **
strmap_list(const struct strmap *m)
{
	struct strmap_entry **v;
	size_t k = 0;

	if (m->n == 0 || (v = calloc(m->n, sizeof(*v))) == NULL)
		return NULL;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key != NULL)
			v[k++] = &m->slots[i];
	return v;
}

void
strmap_free(struct strmap *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].val);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}
