# config_check.sh -- `sendwatch config check` as a user runs it: every
# problem of a broken file on its own line with file:line, exit 2; the good
# example and the shipped contrib/sendwatch.conf.example pass with exit 0;
# an unreadable file names the file and the reason; secrets never printed.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
cd "${SENDWATCH_TOP:-.}" || exit 1
D=tests/data/config
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# check ARGS...: runs config check, stdout in $out, stderr in $err, status in $st
check() { "$SENDWATCH" "$@" >"$tmp/out" 2>"$tmp/err"; st=$?; out=$(cat "$tmp/out"); err=$(cat "$tmp/err"); }

check config check -c $D/broken.conf
expect_status "broken.conf: exit 2" 2 $st
expect_match "bad duration with its line" \
	"^$D/broken.conf:4: timeout: expected a duration such as 15m, got \"5 minutes\"\$" "$out"
expect_match "host bits set, with the fix" \
	"^$D/broken.conf:12: network: 192.0.2.1/24: host bits set, did you mean 192.0.2.0/24\?\$" "$out"
expect_match "unknown section lists the valid ones" \
	"^$D/broken.conf:16: unknown section \[foo\] \(expected one of: general, targets, domain NAME, dnsbl NAME, alert NAME, schedule, reports, bounces, http\)\$" "$out"
expect_match "unknown key lists the section's keys" \
	"^$D/broken.conf:7: unknown key \"colour\" in \[general\] \(expected one of: resolver, timeout," "$out"
expect_match "unreadable key file" \
	"^$D/broken.conf:21: key_file: cannot read /nonexistent/sendwatch/dqs.key: No such file or directory\$" "$out"
expect_match "a line inih cannot parse" \
	"^$D/broken.conf:34: cannot parse this line" "$out"
n=$(printf '%s\n' "$out" | grep -c "^$D/broken.conf:[0-9]*: ")
if [ "$n" -eq 18 ]; then ok "every problem on its own line (18)"; else fail "every problem on its own line" "got $n lines:
$out"; fi
expect_match "a count on stderr" "broken.conf: 18 problems found" "$err"

check config check -c $D/good.conf
expect_status "good.conf: exit 0" 0 $st
expect_match "good.conf: summary line" \
	"^$D/good.conf: ok \(5 targets, 2 domains, 3 dnsbl sections, 2 alerts\)\$" "$out"
expect_no_match "secrets are not printed" "dqs0123456789abcdef|secrettoken|hunter2|s3cretpassw0rd" "$out$err"

check --config contrib/sendwatch.conf.example config check
expect_status "the shipped example passes (global --config)" 0 $st
expect_match "the example's summary" "^contrib/sendwatch.conf.example: ok \(" "$out"

check config check --config=$D/good.conf
expect_status "config check --config=FILE" 0 $st

check config check -c $tmp/missing.conf
expect_status "missing file: exit 2" 2 $st
expect_match "missing file: names it and the reason" \
	"$tmp/missing.conf: cannot open: No such file or directory" "$out"

check config check -c $D
expect_status "a directory: exit 2" 2 $st
expect_match "a directory: the reason" "$D: cannot read: Is a directory" "$out"

printf '[alert x]\ntype = mail\nsmtp_url = smtp://me:Pa55word@127.0.0.1\nfrom = a@example.com\nto = b@example.com\n' >"$tmp/pw.conf"
check config check -c "$tmp/pw.conf"
expect_status "password in smtp_url: exit 2" 2 $st
expect_match "password in smtp_url: refused" "pw.conf:3: smtp_url: the URL holds a password" "$out"
expect_no_match "password in smtp_url: not echoed" "Pa55word" "$out$err"

printf '[dnsbl spamhaus-zen]\nenabled = no\n\n[dnsbl mylist]\nseverity = warning\n' >"$tmp/cat.conf"
check config check -c "$tmp/cat.conf"
expect_status "a [dnsbl NAME] neither in the catalog nor with a zone: exit 2" 2 $st
expect_match "names the section, its line and the fix" \
	"cat.conf:4: \[dnsbl mylist\]: zone is required: \"mylist\" is not a list of the built-in catalog" "$out"
expect_no_match "a catalog name needs no zone" "\\[dnsbl spamhaus-zen\\]" "$out"

# An unknown key in any section: one whole line, ending in the list of the
# section's keys and a newline, the count last (also through one pipe).
for sect in general targets "domain example.com" "dnsbl lab" "alert ops" \
    schedule reports bounces; do
	printf '[%s]\ncolour = red\n' "$sect" >"$tmp/key.conf"
	"$SENDWATCH" config check -c "$tmp/key.conf" >"$tmp/both" 2>&1
	st=$?
	expect_status "unknown key in [$sect]: exit 2" 2 $st
	expect_eq "unknown key in [$sect]: the output ends with a newline" "0a" \
	    "$(tail -c 1 "$tmp/both" | od -An -tx1 | tr -d ' ')"
	line1=$(grep colour "$tmp/both"); line2=$(tail -n 1 "$tmp/both")
	expect_match "unknown key in [$sect]: its own whole line" \
	    "^$tmp/key.conf:2: unknown key \"colour\" in \[$sect\] \(expected one of: [a-z0-9_]+(, [a-z0-9_]+)*\)\$" \
	    "$line1"
	expect_match "unknown key in [$sect]: the count last, on its own line" \
	    "^sendwatch: $tmp/key.conf: [0-9]+ problems? found\$" "$line2"
done

# A webhook URL inline (a receiver without a token) or in url_file, not both;
# a message about an inline URL leaves out its query string.
printf '[alert am]\ntype = webhook\nurl = http://127.0.0.1:9/hook\n' >"$tmp/url.conf"
check config check -c "$tmp/url.conf"
expect_status "an inline webhook url: exit 0" 0 $st
printf '[alert am]\ntype = webhook\nurl_file = %s\nurl = http://127.0.0.1:9/hook\n' \
	"$D/webhook.url" >"$tmp/url2.conf"
check config check -c "$tmp/url2.conf"
expect_status "url and url_file: exit 2" 2 $st
expect_match "url and url_file: named with their lines" \
	"url2.conf:4: url_file and url both given \(lines 3 and 4\); give one of them" "$out"
expect_no_match "url and url_file: the secret URL is not printed" "secrettoken" "$out$err"
printf '[alert am]\ntype = webhook\nurl = gopher://127.0.0.1/hook?token=t0ken\n' >"$tmp/url3.conf"
check config check -c "$tmp/url3.conf"
expect_match "a bad inline url: refused, without its query" \
	"url3.conf:3: url: expected http://HOST/PATH or https://HOST/PATH, got \"gopher://127.0.0.1/hook\?...\"" "$out"
expect_no_match "a bad inline url: its token is not printed" "t0ken" "$out$err"

# A mistyped address in [targets] is said to be one, as audit says it.
printf '[targets]\nhost = 999.1.1.1\ndomain = 1.2.3.400\n' >"$tmp/ip.conf"
check config check -c "$tmp/ip.conf"
expect_status "a dotted quad that is no address: exit 2" 2 $st
expect_match "host = 999.1.1.1: not an IP address" \
	"ip.conf:2: host: \"999.1.1.1\": not an IP address \(an IPv4 address is four numbers from 0 to 255" "$out"
expect_match "domain = 1.2.3.400: not an IP address" \
	"ip.conf:3: domain: \"1.2.3.400\": not an IP address" "$out"

check config
expect_status "config without an action: usage, exit 2" 2 $st
expect_match "usage names check" "usage: sendwatch config check" "$err"

done_testing
