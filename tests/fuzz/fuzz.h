/*
 * fuzz.h -- what every fuzz target in tests/fuzz/ shares. Each
 * fuzz_<parser>.c defines LLVMFuzzerTestOneInput() for one parser; `make
 * fuzz` links it with libFuzzer (clang), and `make test` links it with
 * driver.c (gcc, ASan/UBSan) to replay the seeds and saved crash inputs.
 */
#ifndef SENDWATCH_FUZZ_H
#define SENDWATCH_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of the input (parsers that take C strings); free it. */
char	*fuzz_cstring(const uint8_t *data, size_t size);

#endif
