/*
 * utf8.h -- UTF-8 checks shared by the config reader (a line must be valid
 * UTF-8) and the JSON writer (invalid bytes become U+FFFD).
 */
#ifndef SENDWATCH_UTF8_H
#define SENDWATCH_UTF8_H

#include <stddef.h>

/*
 * Length of the valid UTF-8 sequence at the NUL-terminated s (1 to 4), or
 * 0 when the bytes there are not one: overlong forms, surrogates and code
 * points past U+10FFFF are invalid (RFC 3629).
 */
size_t	utf8_seq_len(const unsigned char *s);

/* 0 when s is valid UTF-8, else the 1-based byte column of the first bad byte. */
size_t	utf8_bad_column(const char *s);

#endif
