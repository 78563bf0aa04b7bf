/*
 * mime_part.c -- decodes one GMime leaf part into a plain buffer (see
 * mime_part.h). One copy for every reader of mail, because the three that
 * each had their own disagreed on the empty part: GMime's memory stream
 * then has no data pointer, and memcpy() from NULL is undefined even for
 * zero bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "probes/mime_part.h"

char *
mime_part_bytes(GMimePart *part, size_t *len, const char **why)
{
	GMimeDataWrapper *content = g_mime_part_get_content(part);
	GMimeStream *mem;
	GByteArray *bytes;
	char *copy = NULL;

	*len = 0;
	*why = NULL;
	if (content == NULL)
		return NULL;
	mem = g_mime_stream_mem_new();
	if (g_mime_data_wrapper_write_to_stream(content, mem) < 0) {
		*why = "cannot decode the part";
		goto done;
	}
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	if ((copy = malloc(bytes->len + 1)) == NULL) {
		*why = "out of memory";
		goto done;
	}
	if (bytes->len > 0)
		memcpy(copy, bytes->data, bytes->len);
	copy[bytes->len] = '\0';
	*len = bytes->len;
done:
	g_object_unref(mem);
	return copy;
}
