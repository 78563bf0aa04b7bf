/*
 * mime_part.h -- the decoded bytes of one GMime leaf part, shared by the
 * readers of mail: bounces (bounce_mail.c), DMARC aggregate reports in
 * mail (report_mail.c) and failure reports (ruf_parse.c).
 */
#ifndef SENDWATCH_MIME_PART_H
#define SENDWATCH_MIME_PART_H

#include <gmime/gmime.h>
#include <stddef.h>

/*
 * The content of part with its transfer encoding (base64,
 * quoted-printable) undone, as a NUL-terminated copy the caller frees
 * with free(); *len is its length without the NUL (the bytes may hold
 * NULs of their own). An empty part is "" with *len 0. NULL when the part
 * has no content (*why NULL), or when it cannot be decoded or memory ran
 * out (*why says which, a static string).
 */
char	*mime_part_bytes(GMimePart *part, size_t *len, const char **why);

#endif
