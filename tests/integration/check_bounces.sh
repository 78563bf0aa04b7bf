#!/bin/sh
# check_bounces.sh -- "sendwatch check bounces": only the delivery lines
# of the last window count (syslog, RFC 3339 and Exim timestamps made
# relative to now), the status line's figures and perfdata, thresholds
# from options and the config, a named blocklist raising WARNING, and
# UNKNOWN for unreadable logs and bad arguments.
top=${SENDWATCH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$top/tests/lib.sh"
tmp=$(mktemp -d /tmp/sendwatch-check-bounces-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C

# pf WHEN STATUS ADDR TEXT: a Postfix delivery line written WHEN ago
pf() {
	printf '%s mail postfix/smtp[5678]: 3F2A%s: to=<%s>, relay=mx.example.com[192.0.2.25]:25, delay=0.5, delays=0.1/0/0.2/0.2, dsn=%s, status=%s (%s)\n' \
		"$(date -d "$1" '+%b %e %H:%M:%S')" "$(printf %s "$3" | cksum | cut -c1-6)" "$3" \
		"$( [ "$2" = sent ] && echo 2.0.0 || echo 5.0.0)" "$2" "$4"
}
# sent COUNT WHEN / bounced COUNT WHEN
gen() {
	i=0
	while [ $i -lt "$2" ]; do
		i=$((i + 1))
		if [ "$1" = sent ]; then pf "$3" sent "ok$i.$4@example.com" "250 2.0.0 Ok: queued as ABC"
		else pf "$3" bounced "bad$i.$4@example.com" "host mx.example.com[192.0.2.25] said: 550 5.1.1 <bad$i@example.com>: User unknown (in reply to RCPT TO command)"; fi
	done
}

# inside the last hour: 97 sent, 3 bounced (3.00%); two hours ago: 50 bounced
{ gen sent 97 '-10 minutes' a; gen bounced 3 '-20 minutes' a; gen bounced 50 '-2 hours' b; } >"$tmp/mail.log"
out=$("$SENDWATCH" check bounces "$tmp/mail.log"); st=$?
expect_status "3% in the last hour: WARNING" 1 $st
expect_match "status line figures" "^SENDWATCH BOUNCES WARNING - bounce rate 3\\.00% in the last 1h \\(3 bounced, 97 delivered, 0 deferred\\)" "$out"
expect_match "perfdata" "\\| bounce_rate=3\\.00%;2\\.00;5\\.00;0;100 delivered=97 deferred=0 bounced=3 attempts=100$" "$out"
expect_match "problem line" "^warning: bounce rate 3\\.00% is above 2%" "$out"

out=$("$SENDWATCH" check bounces --window 3h "$tmp/mail.log"); st=$?
expect_status "the old bounces count in a 3h window: CRITICAL" 2 $st
expect_match "3h figures" "bounce rate 35\\.33% in the last 3h \\(53 bounced, 97 delivered" "$out"

out=$("$SENDWATCH" check bounces -w 4% -c 10% "$tmp/mail.log"); st=$?
expect_status "-w 4%: OK" 0 $st
expect_match "OK line" "^SENDWATCH BOUNCES OK - bounce rate 3\\.00%" "$out"
expect_match "thresholds in perfdata" "bounce_rate=3\\.00%;4\\.00;10\\.00;0;100" "$out"

# the config gives logs, window and thresholds
printf '[bounces]\nlog = %s\nwindow = 3h\nwarn_rate = 40%%\ncrit_rate = 50%%\n' "$tmp/mail.log" >"$tmp/sw.conf"
out=$("$SENDWATCH" check bounces --config "$tmp/sw.conf"); st=$?
expect_status "config: 35.33% under 40%: OK" 0 $st
expect_match "config window used" "in the last 3h \\(53 bounced" "$out"

# RFC 3339 and Exim timestamps; a blocklist named raises WARNING
{
	printf '%s mail postfix/smtp[1]: 4B5C6D: to=<x@example.org>, relay=mx.example.org[192.0.2.26]:25, dsn=5.7.1, status=bounced (host mx.example.org[192.0.2.26] said: 554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org (in reply to RCPT TO command))\n' "$(date -d '-5 minutes' '+%Y-%m-%dT%H:%M:%S.000000%:z')"
	printf '%s mail postfix/smtp[1]: 4B5C6E: to=<y@example.org>, relay=mx.example.org[192.0.2.26]:25, dsn=5.7.1, status=bounced (host mx.example.org[192.0.2.26] said: 554 5.7.1 blocked using bl.spamcop.net (in reply to RCPT TO command))\n' "$(date -d '-3 hours' '+%Y-%m-%dT%H:%M:%S.000000%:z')"
	i=0; while [ $i -lt 99 ]; do i=$((i + 1))
		printf '%s 1vABCD-%06d-AB => u%d@example.net R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.27] C="250 OK"\n' "$(date -d '-30 minutes' '+%Y-%m-%d %H:%M:%S')" $i $i
	done
} >"$tmp/mixed.log"
out=$("$SENDWATCH" check bounces -w 5% -c 10% "$tmp/mixed.log"); st=$?
expect_status "1% but a blocklist named: WARNING" 1 $st
expect_match "figures across formats" "bounce rate 1\\.00% in the last 1h \\(1 bounced, 99 delivered, 0 deferred\\); receivers name zen\\.spamhaus\\.org \\|" "$out"
expect_match "blocklist problem line" "^warning: a receiver names zen\\.spamhaus\\.org listing 192\\.0\\.2\\.10 \\(1 replies" "$out"
expect_no_match "the old listing is outside the window" "spamcop" "$out"

# nothing in the window is OK; unreadable logs and bad arguments are UNKNOWN
out=$("$SENDWATCH" check bounces --window 1m "$tmp/mail.log"); st=$?
expect_status "empty window: OK" 0 $st
expect_match "empty window figures" "bounce rate 0\\.00% in the last 1m \\(0 bounced, 0 delivered" "$out"
out=$("$SENDWATCH" check bounces "$tmp/missing.log"); st=$?
expect_status "missing log: UNKNOWN" 3 $st
expect_match "missing log named" "^unknown: .*missing\\.log: No such file or directory" "$out"
out=$("$SENDWATCH" check bounces -w lots "$tmp/mail.log"); st=$?
expect_status "bad -w: UNKNOWN" 3 $st
expect_match "bad -w says what was expected" "^SENDWATCH BOUNCES UNKNOWN - -w lots: expected a percentage" "$out"
out=$("$SENDWATCH" check bounces --window soon "$tmp/mail.log"); st=$?
expect_status "bad --window: UNKNOWN" 3 $st

# the shipped Nagios command, filled in
cmdline=$(sed -n 's/^[[:space:]]*command_line[[:space:]]*//p' "$top/contrib/sendwatch-nagios.cfg" | grep 'check bounces')
expect_match "nagios: check bounces command found" '^/usr/local/bin/sendwatch check bounces' "$cmdline"
filled=$(printf '%s\n' "$cmdline" | sed -e "s|/usr/local/bin/sendwatch|$SENDWATCH|" \
	-e 's/\$ARG1\$/2%/' -e 's/\$ARG2\$/5%/' -e "s|\\\$ARG3\\\$|$tmp/mail.log|")
out=$(sh -c "$filled" 2>&1); st=$?
expect_status "nagios: 3% with 2%/5% is WARNING" 1 $st
expect_match "nagios: status line" "^SENDWATCH BOUNCES WARNING - bounce rate 3\\.00%" "$out"

done_testing
