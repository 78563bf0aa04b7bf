/*
 * imap_intake.c -- the glue between the IMAP fetch and the report store
 * (see imap_intake.h). For each message the fetch hands over, its reports
 * are imported (each report its own transaction, a report already stored
 * is skipped), then its UID is remembered, and only then does the fetch
 * move it. The verdicts:
 *   a report stored or already stored, nothing failed  -> done folder
 *   no report, or a report that cannot be parsed       -> failed folder
 *   the database failed                                -> left, run stops
 * A message whose UID was remembered by a run that ended before the move
 * is moved without being read again.
 */
#include <stdio.h>
#include <string.h>

#include "config/cfg_types.h"
#include "monitor/imap_intake.h"
#include "monitor/store/imap_store.h"
#include "monitor/store/report_store.h"

struct intake_ctx {
	struct imap_intake	*in;
	struct report_store	*st;
	const char		*where;		/* the message being imported */
	unsigned long long	 failed_before;	/* imp.failed at its start */
	char			 reason[1024];	/* its first failure */
};

static void
forward(struct intake_ctx *x, const char *text)
{
	if (x->in->line != NULL)
		x->in->line(x->in->line_arg, text);
	else
		fprintf(stderr, "%s\n", text);
}

/*
 * Lines of the report import: the first failure of a message becomes its
 * reason (without the message's name in front: the fetch names it);
 * warnings and the -v lines go on to the caller.
 */
static void
import_line(void *arg, const char *text)
{
	struct intake_ctx *x = arg;
	size_t wl = x->where != NULL ? strlen(x->where) : 0;

	if (x->where != NULL && x->in->imp.failed > x->failed_before &&
	    x->reason[0] == '\0') {
		if (strncmp(text, x->where, wl) == 0 && (text[wl] == ':' ||
		    text[wl] == ','))
			text += wl + (text[wl] == ':' ? 2 : 0);
		snprintf(x->reason, sizeof(x->reason), "%s", text);
		return;
	}
	forward(x, text);
}

static int
on_committed(void *arg, const char *account, uint32_t uidvalidity,
    uint32_t uid)
{
	struct intake_ctx *x = arg;
	char err[512];
	int rc;

	rc = imap_store_committed(report_store_db(x->st), account, uidvalidity,
	    uid, err, sizeof(err));
	if (rc < 0)
		forward(x, err);	/* read it again: reports dedupe */
	return rc == 1;
}

static enum imap_verdict
on_message(void *arg, const char *account, const char *where,
    uint32_t uidvalidity, uint32_t uid, const char *data, size_t len,
    char *reason, size_t reasonlen)
{
	struct intake_ctx *x = arg;
	struct report_import *imp = &x->in->imp;
	unsigned long long found = imp->imported + imp->already +
	    imp->tlsrpt + imp->failure;
	unsigned long long store_errors = imp->store_errors;
	char err[512];

	x->where = where;
	x->failed_before = imp->failed;
	x->reason[0] = '\0';
	report_import_mem(imp, where, data, len);
	x->where = NULL;
	if (imp->store_errors > store_errors) {
		snprintf(reason, reasonlen, "%s", x->reason);
		return IMAP_MSG_STOP;
	}
	if (imp->failed > x->failed_before) {
		snprintf(reason, reasonlen, "%s", x->reason);
		return IMAP_MSG_FAILED;
	}
	if (imp->imported + imp->already + imp->tlsrpt + imp->failure ==
	    found) {
		snprintf(reason, reasonlen, "no report in it");
		return IMAP_MSG_FAILED;
	}
	if (imap_store_remember(report_store_db(x->st), account, uidvalidity,
	    uid, err, sizeof(err)) < 0) {
		snprintf(reason, reasonlen, "%s", err);
		return IMAP_MSG_STOP;
	}
	return IMAP_MSG_DONE;
}

static void
on_moved(void *arg, const char *account, uint32_t uidvalidity, uint32_t uid)
{
	struct intake_ctx *x = arg;
	char err[512];

	/* a row left behind is harmless: a UID is never reused */
	if (imap_store_forget(report_store_db(x->st), account, uidvalidity,
	    uid, err, sizeof(err)) < 0)
		forward(x, err);
}

static void
on_fetch_line(void *arg, const char *text)
{
	forward(arg, text);
}

int
imap_intake_run(const struct config *cfg, struct report_store *st,
    struct imap_intake *in, char *err, size_t errlen)
{
	const struct cfg_reports *r = &cfg->reports;
	struct intake_ctx x = { .in = in, .st = st };
	struct imap_account a = {
		.url = r->imap_url, .username = r->imap_username,
		.password = r->imap_password,
		/* imap_ca_file, else the CAs all TLS checks trust */
		.ca_file = r->imap_ca_file != NULL ? r->imap_ca_file :
		    cfg->general.ca_file,
		.done_folder = r->imap_done_folder,
		.failed_folder = r->imap_failed_folder,
		.batch = r->imap_batch, .max_bytes = r->max_decompressed,
	};
	struct imap_fetch_cb cb = {
		.committed = on_committed, .message = on_message,
		.moved = on_moved, .line = on_fetch_line, .arg = &x,
	};
	char *token = NULL, why[512];
	int rc;

	if (r->imap_url == NULL) {
		snprintf(err, errlen, "%s: [reports] has no imap_url",
		    cfg->path != NULL ? cfg->path : "the config");
		return -1;
	}
	if (r->imap_oauth2_token_file != NULL) {
		if (!cfg_read_secret(r->imap_oauth2_token_file, &token, why,
		    sizeof(why))) {
			snprintf(err, errlen, "imap_oauth2_token_file: %s", why);
			return -1;
		}
		a.bearer = token;
		a.password = NULL;
	}
	in->imp.st = st;
	in->imp.line = import_line;
	in->imp.line_arg = &x;
	rc = imap_fetch_run(&a, &cb, &in->fetch, err, errlen);
	cfg_secret_free(token);
	return rc;
}
