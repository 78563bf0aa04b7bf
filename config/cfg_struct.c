/*
 * cfg_struct.c -- generic access to struct config through the option
 * table: where a section instance lives, appending to a list field,
 * applying defaults, and freeing (secrets are wiped first). What is
 * allocated here belongs to the struct config; cfg_free() frees it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/cfg_options.h"
#include "config/cfg_struct.h"
#include "config/cfg_types.h"
#include "config/config.h"

void *
cfg_section_ptr(const struct config *cfg, int kind, size_t index)
{
	const struct cfg_section *s = &cfg_sections[kind];
	char *base;

	if (!s->named)
		return (char *)cfg + s->off;
	memcpy(&base, (const char *)cfg + s->off, sizeof(base));
	return base + index * s->size;
}

size_t *
cfg_section_count(struct config *cfg, int kind)
{
	return (size_t *)((char *)cfg + cfg_sections[kind].noff);
}

/* Appends one value to the list of option o in inst. */
bool
cfg_list_append(void *inst, const struct cfg_option *o, const void *elem)
{
	size_t size = cfg_type_ops[o->type].size;
	size_t *n = (size_t *)((char *)inst + o->off2);
	char *v, *nv;

	memcpy(&v, (char *)inst + o->off, sizeof(v));
	if ((nv = realloc(v, (*n + 1) * size)) == NULL)
		return false;
	memcpy(nv + *n * size, elem, size);
	(*n)++;
	memcpy((char *)inst + o->off, &nv, sizeof(nv));
	return true;
}

void
cfg_option_free(void *inst, const struct cfg_option *o)
{
	const struct cfg_type_ops *ops = &cfg_type_ops[o->type];
	char *field = (char *)inst + o->off, *v, *secret;

	if (o->flags & CFG_F_LIST) {
		size_t *n = (size_t *)((char *)inst + o->off2);
		memcpy(&v, field, sizeof(v));
		for (size_t i = 0; ops->free != NULL && i < *n; i++)
			ops->free(v + i * ops->size);
		free(v);
		v = NULL;
		memcpy(field, &v, sizeof(v));
		*n = 0;
		return;
	}
	if (ops->free != NULL)
		ops->free(field);
	if (o->type == CFG_T_SECRET || o->type == CFG_T_TEMPLATE) {
		memcpy(&secret, (char *)inst + o->off2, sizeof(secret));
		cfg_secret_free(secret);
		secret = NULL;
		memcpy((char *)inst + o->off2, &secret, sizeof(secret));
	}
}

void
cfg_section_free(void *inst, int kind)
{
	const struct cfg_section *s = &cfg_sections[kind];
	char *name;

	for (size_t i = 0; i < cfg_noptions; i++)
		if (cfg_options[i].section == (enum cfg_section_id)kind)
			cfg_option_free(inst, &cfg_options[i]);
	if (s->named) {
		memcpy(&name, (char *)inst + s->name_off, sizeof(name));
		free(name);
	}
}

/* Applies the table's defaults; false only on a bad default (a bug). */
bool
cfg_section_defaults(void *inst, int kind, char *why, size_t whylen)
{
	for (size_t i = 0; i < cfg_noptions; i++) {
		const struct cfg_option *o = &cfg_options[i];

		if (o->section != (enum cfg_section_id)kind || o->def == NULL)
			continue;
		if (!cfg_type_ops[o->type].parse(o, o->def,
		    (char *)inst + o->off, why, whylen))
			return false;
	}
	return true;
}

struct config *
cfg_config_new(char *why, size_t whylen)
{
	struct config *cfg = calloc(1, sizeof(*cfg));

	if (cfg == NULL) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	for (int k = 0; k < CFG_S_COUNT; k++)
		if (!cfg_sections[k].named &&
		    !cfg_section_defaults(cfg_section_ptr(cfg, k, 0), k, why, whylen)) {
			cfg_free(cfg);
			return NULL;
		}
	return cfg;
}

struct config *
cfg_defaults(void)
{
	char why[256];

	return cfg_config_new(why, sizeof(why));
}

void
cfg_free(struct config *cfg)
{
	if (cfg == NULL)
		return;
	for (int k = 0; k < CFG_S_COUNT; k++) {
		const struct cfg_section *s = &cfg_sections[k];
		char *base;
		if (!s->named) {
			cfg_section_free(cfg_section_ptr(cfg, k, 0), k);
			continue;
		}
		for (size_t i = 0; i < *cfg_section_count(cfg, k); i++)
			cfg_section_free(cfg_section_ptr(cfg, k, i), k);
		memcpy(&base, (char *)cfg + s->off, sizeof(base));
		free(base);
	}
	free(cfg->path);
	free(cfg);
}

size_t
cfg_ntargets(const struct config *cfg)
{
	const struct cfg_targets *t = &cfg->targets;

	return t->nips + t->nnetworks + t->nhosts + t->ndomains;
}

const struct cfg_alert *
cfg_alert_named(const struct config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->nalerts; i++)
		if (strcmp(cfg->alerts[i].name, name) == 0)
			return &cfg->alerts[i];
	return NULL;
}
