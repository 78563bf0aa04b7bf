/*
 * html_write.h -- writing text into HTML (the dashboard, `reports
 * summary --html`): every string that came from outside (report org
 * names, keys, summaries, DNS names) goes through html_text, so that a
 * "<script>" in a report is shown, never run.
 */
#ifndef SENDWATCH_HTML_WRITE_H
#define SENDWATCH_HTML_WRITE_H

#include <stdint.h>
#include <stdio.h>

/*
 * Writes s escaped for element content and quoted attribute values
 * (& < > " '); control characters other than tab and newline become
 * U+FFFD. NULL writes nothing.
 */
void	html_text(FILE *, const char *s);

/* The page's start (title escaped; the style inline) and its end. */
void	html_page_begin(FILE *, const char *title);
void	html_page_end(FILE *);

/* "YYYY-MM-DD HH:MM" UTC into buf. */
void	html_time(int64_t t, char *buf, size_t len);

/* The CSS class of a finding state's value: "ok", "warning", ... */
const char *html_state_class(int state);

#endif
