/*
 * spf_walk.c -- the include/redirect tree of an SPF record, walked with
 * our own queries so the counts are RFC 7208's (libspf2 restarts its
 * count at each include and has no void-lookup limit). Each node of the
 * tree is kept with the lookups of its branch and printed afterwards.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probes/dns/dnsname.h"
#include "probes/auth/spf_record.h"
#include "probes/auth/spf_walk.h"

struct spf_node {
	int	 depth;
	char	*label;		/* "include:_spf.example.net" */
	size_t	 branch;	/* lookups at and below this node */
	char	*note;		/* "loop", "no SPF record", ... or NULL */
};

struct spf_walker {
	struct authdns	*ad;
	struct verdict	*v;
	struct spf_walk	*w;
	struct spf_node	*nodes;
	size_t		 nnodes;
	const char	*path[SPF_MAX_DEPTH + 1];
	bool		 oom;
};

static size_t
spf_node_add(struct spf_walker *k, int depth, const char *label)
{
	struct spf_node *n = realloc(k->nodes, (k->nnodes + 1) * sizeof(*n));

	if (n == NULL || (n[k->nnodes].label = strdup(label)) == NULL) {
		if (n != NULL)
			k->nodes = n;
		k->oom = true;
		return (size_t)-1;
	}
	k->nodes = n;
	n[k->nnodes].depth = depth;
	n[k->nnodes].branch = 0;
	n[k->nnodes].note = NULL;
	return k->nnodes++;
}

static void
spf_node_note(struct spf_walker *k, size_t i, const char *note)
{
	if (i == (size_t)-1)
		return;
	free(k->nodes[i].note);
	if ((k->nodes[i].note = strdup(note)) == NULL)
		k->oom = true;
}

/* A query whose emptiness counts as a void lookup. */
static bool
spf_query_void(struct spf_walker *k, const char *name, uint16_t type,
    size_t *nrr)
{
	struct dns_answer	*a = authdns_query(k->ad, name, type);
	bool			 empty = false;

	*nrr = 0;
	if (a == NULL) {
		k->oom = true;
		return false;
	}
	if (a->status == DNS_FAILURE)
		k->w->unknown = true;
	else if (AUTHDNS_EMPTY(a))
		empty = true;
	else
		*nrr = a->nrr;
	authdns_release(k->ad, a);
	return empty;
}

/*
 * Fetches domain's SPF record text. Returns a copy (caller frees), or
 * NULL with why set: "no SPF record", "2 SPF records", a DNS failure.
 */
static char *
spf_fetch(struct spf_walker *k, const char *domain, char *why, size_t len,
    bool *isvoid, bool *failed)
{
	struct dns_answer	*a = authdns_query(k->ad, domain, DNS_T_TXT);
	char			*text = NULL;
	size_t			 n = 0;

	*isvoid = false;
	*failed = false;
	if (a == NULL) {
		k->oom = true;
		snprintf(why, len, "out of memory");
		return NULL;
	}
	if (a->status == DNS_FAILURE) {
		k->w->unknown = true;
		*failed = true;
		snprintf(why, len, "lookup failed: %s", a->reason);
	} else if (AUTHDNS_EMPTY(a)) {
		*isvoid = true;
		snprintf(why, len, "no SPF record (%s)",
		    a->status == DNS_NXDOMAIN ? "the name does not exist" :
		    "no TXT records");
	} else {
		for (size_t i = 0; i < a->nrr; i++)
			if (spf_record_is_spf(a->rr[i].u.txt.data,
			    a->rr[i].u.txt.len)) {
				n++;
				if (text == NULL)
					text = strndup(a->rr[i].u.txt.data,
					    a->rr[i].u.txt.len);
			}
		if (n != 1) {
			free(text);
			text = NULL;
			snprintf(why, len, n ? "%zu SPF records" :
			    "no SPF record", n);
		}
	}
	authdns_release(k->ad, a);
	return text;
}

static size_t spf_walk_record(struct spf_walker *, const char *,
    const char *, int);

/* include: or redirect= target: fetch, recurse, report dead ends. */
static size_t
spf_walk_child(struct spf_walker *k, const struct spf_term *t, int depth)
{
	char		 label[300], why[200], target[256];
	size_t		 node, sub = 0;
	char		*text;
	bool		 isvoid, failed;

	snprintf(label, sizeof(label), "%s%s", t->mech == SPF_M_REDIRECT ?
	    "redirect=" : "include:", t->domain);
	node = spf_node_add(k, depth, label);
	if (t->has_macro) {
		spf_node_note(k, node, "has macros: expanded per message, "
		    "not followed");
		return 0;
	}
	if (dnsname_normalize(t->domain, target, sizeof(target)) == -1)
		return 0;
	for (int i = 0; i < depth; i++)
		if (strcasecmp(k->path[i], target) == 0) {
			k->w->loop = true;
			spf_node_note(k, node, "LOOP: already on this path");
			verdict_add(k->v, FINDING_CRITICAL,
			    "SPF %s loops back to %s\nReceivers stop with "
			    "permerror (too many lookups). Fix: remove the "
			    "%s that points back.", label, target, label);
			return 0;
		}
	if (depth >= SPF_MAX_DEPTH) {
		spf_node_note(k, node, "too deep: not followed");
		return 0;
	}
	text = spf_fetch(k, target, why, sizeof(why), &isvoid, &failed);
	if (isvoid)
		k->w->voids++;
	if (text == NULL) {
		spf_node_note(k, node, why);
		if (!failed)
			k->w->permerror = true;
		if (failed)
			verdict_add(k->v, FINDING_UNKNOWN,
			    "SPF %s: %s\nThe lookup count below is a minimum. "
			    "Fix: check that %s's name servers answer.", label,
			    why, target);
		else
			verdict_add(k->v, FINDING_CRITICAL,
			    "SPF %s: %s at %s\nReceivers return permerror for "
			    "the whole SPF check. Fix: remove the %s or ask "
			    "the owner of %s to publish one SPF record.",
			    label, why, target, label, target);
		return 0;
	}
	sub = spf_walk_record(k, target, text, depth + 1);
	free(text);
	if (node != (size_t)-1)
		k->nodes[node].branch = sub;
	return sub;
}

/*
 * An a or mx term whose name resolves to nothing can never match: it
 * costs a lookup and a void lookup for nothing, and usually means a
 * server was renamed or retired (checkdmarc warns the same way).
 * exists: is meant to find nothing for most clients and is left alone.
 */
static void
spf_walk_matches_nothing(struct spf_walker *k, const struct spf_term *t,
    const char *domain, const char *target, const char *what)
{
	verdict_add(k->v, FINDING_WARNING,
	    "SPF \"%s\" (in %s) matches nothing: %s has %s\nThe term "
	    "never authorizes a sender but still costs a DNS lookup and "
	    "counts as a void lookup (2 allowed, RFC 7208 §4.6.4). Fix: "
	    "remove it, or point it at the host that sends.", t->text,
	    domain, target, what);
}

/* Address queries of a:, mx: and exists: (for the void count). */
static void
spf_walk_lookup(struct spf_walker *k, const struct spf_term *t,
    const char *domain)
{
	const char	*target = t->domain ? t->domain : domain;
	size_t		 n4 = 0, n6 = 0, nmx = 0;

	if (t->has_macro)
		return;
	switch (t->mech) {
	case SPF_M_A:
		if (spf_query_void(k, target, DNS_T_A, &n4) &&
		    spf_query_void(k, target, DNS_T_AAAA, &n6)) {
			k->w->voids++;
			spf_walk_matches_nothing(k, t, domain, target,
			    "no A or AAAA records");
		}
		break;
	case SPF_M_EXISTS:
		if (spf_query_void(k, target, DNS_T_A, &n4))
			k->w->voids++;
		break;
	case SPF_M_MX:
		if (spf_query_void(k, target, DNS_T_MX, &nmx)) {
			k->w->voids++;
			spf_walk_matches_nothing(k, t, domain, target,
			    "no MX records");
		}
		if (nmx > SPF_MAX_MX)
			verdict_add(k->v, FINDING_CRITICAL,
			    "SPF \"%s\" (in %s): %s has %zu MX hosts\nMore "
			    "than %d is permerror (RFC 7208 §4.6.4) for every "
			    "sender that reaches this term. Fix: "
			    "list the sending servers with ip4:/ip6: instead.",
			    t->text, domain, target, nmx, SPF_MAX_MX);
		break;
	default:
		break;
	}
}

/* Walks one record; returns the lookups of its branch. */
static size_t
spf_walk_record(struct spf_walker *k, const char *domain, const char *text,
    int depth)
{
	struct spf_record	 rec;
	size_t			 total = 0;

	k->w->records++;
	k->path[depth] = domain;
	if (spf_record_parse(domain, text, &rec, k->v) == -1)
		k->w->permerror = true;
	for (size_t i = 0; i < rec.n; i++) {
		const struct spf_term *t = &rec.v[i];

		if (t->after_all && t->mech != SPF_M_REDIRECT)
			continue;
		if (t->mech == SPF_M_REDIRECT && rec.redirect != (int)i)
			continue;
		switch (t->mech) {
		case SPF_M_INCLUDE:
		case SPF_M_REDIRECT:
			total += 1 + spf_walk_child(k, t, depth);
			break;
		case SPF_M_A:
		case SPF_M_MX:
		case SPF_M_EXISTS:
		case SPF_M_PTR:
			total++;
			spf_walk_lookup(k, t, domain);
			break;
		default:
			break;
		}
	}
	spf_record_free(&rec);
	return total;
}

/* The tree as notes: one line per include/redirect with its branch. */
static void
spf_walk_print(struct spf_walker *k, const char *domain)
{
	verdict_note(k->v, "SPF tree of %s (%zu DNS lookups, limit %d; %zu "
	    "void, limit %d):", domain, k->w->lookups, SPF_MAX_LOOKUPS,
	    k->w->voids, SPF_MAX_VOIDS);
	for (size_t i = 0; i < k->nnodes; i++) {
		struct spf_node *n = &k->nodes[i];
		verdict_note(k->v, "  %*s%s: %zu lookup%s%s%s", n->depth * 2,
		    "", n->label, n->branch + 1, n->branch ? "s" : "",
		    n->note ? " -- " : "", n->note ? n->note : "");
	}
}

/* The top-level include with the most lookups (to flatten first). */
static const struct spf_node *
spf_walk_heaviest(const struct spf_walker *k)
{
	const struct spf_node *best = NULL;

	for (size_t i = 0; i < k->nnodes; i++)
		if (k->nodes[i].depth == 0 &&
		    (best == NULL || k->nodes[i].branch > best->branch))
			best = &k->nodes[i];
	return best;
}

int
spf_walk(struct authdns *ad, const char *domain, const char *text,
    struct spf_walk *w, struct verdict *v)
{
	struct spf_walker	 k = { .ad = ad, .v = v, .w = w };
	const struct spf_node	*heavy;
	int			 rc = 0;

	memset(w, 0, sizeof(*w));
	w->lookups = spf_walk_record(&k, domain, text, 0);
	spf_walk_print(&k, domain);
	if (w->lookups > SPF_MAX_LOOKUPS) {
		heavy = spf_walk_heaviest(&k);
		verdict_add(v, FINDING_CRITICAL,
		    "SPF of %s needs %zu DNS lookups (limit %d)\nReceivers "
		    "stop at the 11th and return permerror, so SPF fails for "
		    "every sender that no earlier term matches (the "
		    "spf-sender findings show where each stops). Fix: flatten "
		    "includes into ip4:/ip6: "
		    "terms%s%s%s.", domain, w->lookups, SPF_MAX_LOOKUPS,
		    heavy ? ", starting with " : "", heavy ? heavy->label : "",
		    heavy ? " (the largest branch)" : "");
		rc = -1;
	} else if (w->lookups >= SPF_MAX_LOOKUPS - 2) {
		verdict_note(v, "%zu of %d DNS lookups used: little room for "
		    "another include", w->lookups, SPF_MAX_LOOKUPS);
	}
	if (w->voids > SPF_MAX_VOIDS) {
		verdict_add(v, FINDING_CRITICAL,
		    "SPF of %s has %zu void lookups (limit %d)\nNames in the "
		    "record that do not exist or have no records make "
		    "receivers return permerror. Fix: remove the terms whose "
		    "names no longer exist.", domain, w->voids, SPF_MAX_VOIDS);
		rc = -1;
	}
	if (w->loop || w->permerror)
		rc = -1;
	for (size_t i = 0; i < k.nnodes; i++) {
		free(k.nodes[i].label);
		free(k.nodes[i].note);
	}
	free(k.nodes);
	if (k.oom)
		verdict_add(v, FINDING_UNKNOWN, "out of memory while walking "
		    "the SPF tree\nThe counts are incomplete.");
	return rc;
}
