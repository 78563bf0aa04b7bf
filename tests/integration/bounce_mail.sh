#!/bin/sh
# bounce_mail.sh -- "sendwatch bounces" on bounce mail instead of a log:
# a Maildir holding real-looking bounces from Postfix and Gmail (RFC 3464
# DSNs), Microsoft 365 (an NDR with two recipients), qmail and Exim
# (plain text) and a vacation auto-reply; the same messages as an mbox,
# one message on stdin with --mail, and mail together with a log. The
# report gives the recipient domains, categories, blocklists and the
# suppression list as for a log; the auto-reply is not counted.
top=${SENDWATCH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$top/tests/lib.sh"

tmp=$(mktemp -d /tmp/sendwatch-bounce-mail-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cp -r "$top/tests/data/bounces/Maildir" "$tmp/Maildir"
mkdir -p "$tmp/Maildir/tmp"
# a message still being written (tmp/) is not read
cp "$tmp/Maildir/new/1701-postfix.eml" "$tmp/Maildir/tmp/partial"

"$SENDWATCH" bounces --json --suppress "$tmp/suppress" "$tmp/Maildir" >"$tmp/out.json" 2>"$tmp/err"; st=$?
j() { jq -r "$1" "$tmp/out.json"; }
expect_status "Maildir with a blocklist named: warning (exit 1)" 1 $st
expect_eq "no errors" "" "$(cat "$tmp/err")"
expect_eq "messages, bounces, recipients, auto-replies, other" \
	"6 5 9 1 0" "$(j '.mail | "\(.messages) \(.bounces) \(.recipients) \(.auto_replies) \(.other)"')"
expect_eq "no rate from bounce mail alone" "false null" "$(j '"\(.bounce_rate_known) \(.total.bounce_rate)"')"
expect_eq "by category" \
	"bad-mailbox:5 mailbox-full:2 blocklisted:1 authentication:1" \
	"$(j '[.total.by_category | to_entries[] | "\(.key):\(.value.bounced)"] | join(" ")')"
expect_eq "recipient domains" \
	"example.biz:2 example.info:2 example.net:2 gmail.test:2 example.com:1" \
	"$(j '[.domains[] | "\(.domain):\(.bounced)"] | join(" ")')"
expect_eq "blocklist named by the Exim bounce, with the IP" \
	"zen.spamhaus.org 198.51.100.7 example.biz" \
	"$(j '.blocklists[] | "\(.list) \(.ip) \(.receiver)"')"
expect_eq "Gmail's authentication rejection per domain" "gmail.test 1" \
	"$(j '.authentication[] | "\(.domain) \(.count)"')"
expect_eq "M365 mailbox full read from its DSN" "1" \
	"$(j '[.categories[] | select(.category == "mailbox-full") | .replies[] | select(.reply | test("QuotaExceeded"))] | length')"
expect_eq "Gmail's folded Diagnostic-Code unfolded" "1" \
	"$(j '[.categories[].replies[] | select(.reply | test("^550 5\\.1\\.1 The email account that you tried to reach does not exist\\. Please try double-checking"))] | length')"
expect_eq "qmail's (#5.1.1) read as the enhanced code" "5.1.1" \
	"$(j '.categories[].replies[] | select(.reply | test("no mailbox here")) | .enhanced')"
expect_eq "suppression list: the bad mailboxes of every bounce" \
	"asmith@example.net
gone@example.info
jdoe@example.biz
jdoe@example.com
nobody@gmail.test" "$(cat "$tmp/suppress")"

# text report says what was read and that the rate is unknown
out=$("$SENDWATCH" bounces "$tmp/Maildir")
expect_match "text: mail line" "^mail: 6 messages, 5 bounces \\(9 recipients\\), 1 auto-replies" "$out"
expect_match "text: rate unknown" "bounce rate unknown" "$out"
expect_no_match "text: no 100% per domain" "100\\.00%" "$out"

# the same messages as one mbox give the same figures
for f in "$tmp"/Maildir/new/* "$tmp"/Maildir/cur/*; do
	printf 'From MAILER-DAEMON Mon Dec  4 10:00:00 2026\n'
	sed 's/^From />From /' "$f"
	printf '\n'
done >"$tmp/bounces.mbox"
"$SENDWATCH" bounces --json "$tmp/bounces.mbox" >"$tmp/out.json"
expect_eq "mbox: same counts" "6 5 9 1" "$(j '.mail | "\(.messages) \(.bounces) \(.recipients) \(.auto_replies)"')"
expect_eq "mbox: same categories" \
	"bad-mailbox:5 mailbox-full:2 blocklisted:1 authentication:1" \
	"$(j '[.total.by_category | to_entries[] | "\(.key):\(.value.bounced)"] | join(" ")')"

# one message on stdin with --mail; a single message file
"$SENDWATCH" bounces --json --mail - <"$tmp/Maildir/new/1702-m365.eml" >"$tmp/out.json"; st=$?
expect_status "stdin M365 NDR: ok (no blocklist, no rate)" 0 $st
expect_eq "stdin: two recipients" "example.net:2" "$(j '[.domains[] | "\(.domain):\(.bounced)"] | join(" ")')"
"$SENDWATCH" bounces --json "$tmp/Maildir/new/1706-exim.eml" >"$tmp/out.json"
expect_eq "Exim text bounce: stage after end of data kept in the reply" \
	"blocklisted" "$(j '.categories[] | select(.replies[0].reply | test("Client host")) | .category')"

# a Sendmail plain-text bounce
cat >"$tmp/sendmail.eml" <<'EOF'
From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.edu>
To: news@example.org
Subject: Returned mail: see transcript for details
Date: Mon, 4 Dec 2026 10:40:00 +0000

The original message was received at Mon, 4 Dec 2026 10:39:58 +0000
from mail.example.org [192.0.2.10]

   ----- The following addresses had permanent fatal errors -----
<nobody@example.edu>
    (reason: 550 5.1.1 <nobody@example.edu>... User unknown)
<gone@example.edu>
    (reason: 550 5.2.1 <gone@example.edu>... Mailbox disabled for this recipient)

   ----- Transcript of session follows -----
... while talking to mx.example.edu.:
>>> RCPT To:<nobody@example.edu>
<<< 550 5.1.1 <nobody@example.edu>... User unknown
EOF
"$SENDWATCH" bounces --json --mail --suppress "$tmp/suppress2" - <"$tmp/sendmail.eml" >"$tmp/out.json"
expect_eq "Sendmail text bounce: two recipients, categories" \
	"bad-mailbox:1 mailbox-disabled:1" \
	"$(j '[.total.by_category | to_entries[] | "\(.key):\(.value.bounced)"] | join(" ")')"
expect_eq "disabled mailboxes are suppressed too" "gone@example.edu
nobody@example.edu" "$(cat "$tmp/suppress2")"

# an auto-reply alone is no bounce
"$SENDWATCH" bounces --json "$tmp/Maildir/cur/1704-vacation.eml:2,S" >"$tmp/out.json"; st=$?
expect_status "auto-reply alone: ok" 0 $st
expect_eq "auto-reply: nothing bounced" "0 1" "$(j '"\(.total.bounced) \(.mail.auto_replies)"')"

# mail with a log: the log's deliveries give the rate again
printf 'Dec  4 10:00:00 mail postfix/smtp[1]: 1A2B3C: to=<a@example.com>, relay=mx.example.com[192.0.2.25]:25, delay=1, dsn=2.0.0, status=sent (250 2.0.0 OK)\n' >"$tmp/mail.log"
"$SENDWATCH" bounces --json "$tmp/mail.log" "$tmp/Maildir" >"$tmp/out.json"
expect_eq "log + mail: rate known" "true 1 9" "$(j '"\(.bounce_rate_known) \(.total.delivered) \(.total.bounced)"')"

done_testing
