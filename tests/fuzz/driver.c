/*
 * driver.c -- replays inputs through a fuzz target without libFuzzer, so
 * gcc builds it and `make test` runs every seed and saved crash input
 * under ASan/UBSan. Arguments are files or directories (every regular
 * file in them); `--lines FILE` feeds each line of FILE as one input
 * (reply tables and logs hold one case a line). Ends with the runner's
 * "N passed, 0 failed": a crash ends the process before it.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/fuzz/fuzz.h"

#define REPLAY_MAX_INPUT	(16u * 1024 * 1024)

static unsigned long long ran;

static int
replay_file(const char *path, int by_line)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	size_t n;

	if (fp == NULL) {
		fprintf(stderr, "%s: cannot open\n", path);
		return -1;
	}
	if ((buf = malloc(REPLAY_MAX_INPUT)) == NULL)
		abort();
	n = fread(buf, 1, REPLAY_MAX_INPUT, fp);
	fclose(fp);
	if (!by_line) {
		LLVMFuzzerTestOneInput((const uint8_t *)buf, n);
		ran++;
	} else {
		size_t start = 0;
		for (size_t i = 0; i <= n; i++)
			if (i == n || buf[i] == '\n') {
				if (i > start) {
					LLVMFuzzerTestOneInput(
					    (const uint8_t *)buf + start, i - start);
					ran++;
				}
				start = i + 1;
			}
	}
	free(buf);
	return 0;
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
replay_path(const char *path, int by_line)
{
	struct stat st;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	DIR *d;
	int rc = 0;

	if (stat(path, &st) == -1) {
		fprintf(stderr, "%s: no such file or directory\n", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path, by_line);
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		char **v;
		if (de->d_name[0] == '.')
			continue;
		if ((v = realloc(names, (n + 1) * sizeof(*v))) == NULL)
			abort();
		names = v;
		if ((names[n] = malloc(strlen(path) + strlen(de->d_name) + 2)) == NULL)
			abort();
		snprintf(names[n], strlen(path) + strlen(de->d_name) + 2, "%s/%s",
		    path, de->d_name);
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), compare_names);
	for (size_t i = 0; i < n; i++) {
		if (replay_path(names[i], by_line) == -1)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		int by_line = strcmp(argv[i], "--lines") == 0 && i + 1 < argc;
		if (replay_path(argv[by_line ? ++i : i], by_line) == -1)
			rc = 1;
	}
	if (ran == 0) {
		fprintf(stderr, "%s: no input replayed\n", argv[0]);
		rc = 1;
	}
	printf("%s: %llu inputs replayed\n", argv[0], ran);
	printf("%llu passed, %d failed\n", ran, rc);
	return rc;
}
