/*
 * support.c -- the NUL-terminated copy fuzz targets hand to parsers
 * that take C strings (see fuzz.h).
 */
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"

char *
fuzz_cstring(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}
