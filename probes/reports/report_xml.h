/*
 * report_xml.h -- parse one DMARC aggregate report (RFC 7489 appendix C,
 * the older draft, RFC 9990) from a byte source with libxml2's streaming
 * reader. No network, no entity expansion, no DOCTYPE; bounded in bytes
 * and records. Broken XML is parsed again in libxml2's recover mode and
 * what recovery stepped over is reported.
 */
#ifndef SENDWATCH_REPORT_XML_H
#define SENDWATCH_REPORT_XML_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "probes/reports/report.h"

#define REPORT_DEFAULT_MAX_BYTES	(512ULL * 1024 * 1024)
#define REPORT_DEFAULT_MAX_RECORDS	1000000ULL

struct report_limits {
	uint64_t	 max_bytes;	/* decompressed XML bytes per report */
	uint64_t	 max_records;	/* <record> elements per report */
};

/* Where the XML bytes come from. */
struct report_src {
	/* Reads up to len bytes: count, 0 at the end, -1 with err set. */
	ssize_t	(*read)(void *arg, char *buf, size_t len, char *err,
		    size_t errlen);
	/* Starts again from the first byte: 0, or -1. NULL: cannot. */
	int	(*rewind)(void *arg);
	void	*arg;
};

/* Return values of the sink's callbacks. */
enum {
	REPORT_SINK_GO = 0,	/* carry on */
	REPORT_SINK_STOP = 1,	/* stop quietly (e.g. report already stored) */
	REPORT_SINK_FAIL = -1,	/* stop with the message written to err */
};

/*
 * Receives the report as it is parsed: header() once, when the metadata
 * and policy are known (at the first record, or at the end), then
 * record() for every record. restart() means "forget what you were given,
 * the report is parsed again" (recovery). Any callback may be NULL.
 */
struct report_sink {
	int	(*header)(void *arg, const struct report *, char *err,
		    size_t errlen);
	int	(*record)(void *arg, const struct report *,
		    const struct report_record *, char *err, size_t errlen);
	void	(*restart)(void *arg);
	void	*arg;
};

enum report_parse_status {
	REPORT_PARSED,		/* a whole report went to the sink */
	REPORT_STOPPED,		/* the sink said stop */
	REPORT_FAILED,		/* err says why */
};

/* What recovery stepped over: the count and the first messages. */
struct report_parse_info {
	unsigned	 xml_errors;
	int		 recovered;	/* parsed again in recover mode */
	char		 dropped[256];	/* "line 5: ...; line 11: ..." */
	uint64_t	 bytes;		/* XML bytes read */
};

/*
 * Parses one report from src. With a sink, records go to it and out keeps
 * only the header and the totals; without one, out->records holds them
 * all. out must be report_init()ed; the caller report_clear()s it.
 * limits NULL means the defaults. info may be NULL.
 */
enum report_parse_status report_xml_parse(const struct report_src *,
	    const struct report_limits *, const struct report_sink *,
	    struct report *out, struct report_parse_info *info,
	    char *err, size_t errlen);

#endif
