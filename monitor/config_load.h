/*
 * config_load.h -- the one validation of a config file that `config
 * check` and every command share: config/'s loader (cfg_load) plus the
 * checks that need a probe's knowledge (the DNSBL catalog), so that a
 * file config check accepts is a file the commands run with, and the
 * other way round.
 */
#ifndef SENDWATCH_CONFIG_LOAD_H
#define SENDWATCH_CONFIG_LOAD_H

#include <stdbool.h>

#include "config/config.h"

/*
 * As cfg_load(): loads path (a missing file with missing_ok gives the
 * defaults) and appends every problem to errs as "file:line: message",
 * in the order of the file's lines. When errs grew the file is invalid.
 * Returns NULL only when out of memory or the file cannot be read. The
 * caller frees with cfg_free().
 */
struct config	*config_load_checked(const char *path, bool missing_ok,
		    struct cfg_errors *errs);

#endif
