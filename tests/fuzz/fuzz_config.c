/*
 * fuzz_config.c -- the configuration loader (config/config.c over inih)
 * on arbitrary file contents, through a memfd so it reads a real file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config/config.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfg_errors errs = { 0 };
	struct config *cfg;
	char path[64];
	int fd;

	if ((fd = memfd_create("sendwatch.conf", MFD_CLOEXEC)) == -1)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	cfg = cfg_load(path, false, &errs);
	cfg_free(cfg);
	cfg_errors_free(&errs);
	close(fd);
	return 0;
}
