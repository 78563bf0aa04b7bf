#!/bin/sh
# explain.sh -- "sendwatch explain": the reply from arguments and from
# stdin (multi-line, as a receiver sends it), text and --json output,
# and the errors for no reply and unknown options.
top=${SENDWATCH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$top/tests/lib.sh"

out=$("$SENDWATCH" explain "550 5.1.1 <jdoe@example.com>: Recipient address rejected: User unknown in virtual alias table"); st=$?
expect_status "user unknown: exit 0" 0 $st
expect_match "basic code: permanent" "^code: +550, permanent failure" "$out"
expect_match "enhanced code with its IANA name" "^enhanced: +5\\.1\\.1, Bad destination mailbox address \\(addressing status\\)" "$out"
expect_match "category bad-mailbox" "^category: +bad-mailbox \\(" "$out"
expect_match "recipient side" "^side: +recipient: " "$out"
expect_match "a fix" "^fix: +Remove the address from your lists" "$out"

# unquoted words are joined; the blocklist and IP come out
out=$("$SENDWATCH" explain 554 5.7.1 Service unavailable\; Client host "[192.0.2.10]" blocked using zen.spamhaus.org)
expect_match "blocklisted" "^category: +blocklisted \\(" "$out"
expect_match "list named" "^blocklist: +zen\\.spamhaus\\.org$" "$out"
expect_match "IP named" "^ip: +192\\.0\\.2\\.10$" "$out"
expect_match "sender reputation" "^side: +sender-reputation: " "$out"

# a temporary code says it will be retried
out=$("$SENDWATCH" explain "451 4.7.1 Greylisted, please try again in 300 seconds")
expect_match "4xx will be retried" "^code: +451, temporary failure: the sending server will retry" "$out"
expect_match "greylisted" "^category: +greylisted \\(" "$out"

# stdin, multi-line Gmail reply with CRLF
json=$(printf '550-5.7.26 This mail has been blocked because the sender is\r\n550-5.7.26 unauthenticated. Gmail requires all senders to authenticate\r\n550 5.7.26 with either SPF or DKIM. - gsmtp\r\n' | "$SENDWATCH" explain --json); st=$?
expect_status "stdin --json: exit 0" 0 $st
expect_match "json code" '"code": 550,' "$json"
expect_match "json enhanced" '"enhanced": "5\.7\.26",' "$json"
expect_match "json IANA meaning" '"enhanced_meaning": "Multiple authentication checks failed",' "$json"
expect_match "json category" '"category": "authentication",' "$json"
expect_match "json side" '"side": "sender-dns",' "$json"
expect_match "json text has the lines joined, codes removed" \
	'"text": "This mail has been blocked because the sender is unauthenticated\. Gmail requires all senders to authenticate with either SPF or DKIM\. - gsmtp"' "$json"
expect_match "json list null" '"list": null,' "$json"
if command -v python3 >/dev/null 2>&1; then
	if printf '%s' "$json" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["code"]==550 and d["ip"] is None' 2>/dev/null
	then ok "json parses"; else fail "json parses" "$json"; fi
fi

json=$("$SENDWATCH" explain --json "550 5.7.606 Access denied, banned sending IP [198.51.100.9]")
expect_match "json Microsoft list" '"list": "Microsoft",' "$json"
expect_match "json Microsoft ip" '"ip": "198\.51\.100\.9",' "$json"
expect_match "json unregistered enhanced code is null" '"enhanced_meaning": null,' "$json"

# errors
err=$(printf '' | "$SENDWATCH" explain 2>&1); st=$?
expect_status "empty stdin: exit 3" 3 $st
expect_match "empty stdin says so" "no reply given" "$err"
err=$("$SENDWATCH" explain --bogus 2>&1); st=$?
expect_status "unknown option: exit 3" 3 $st
expect_match "unknown option named" "unknown option --bogus" "$err"
# "--" ends the options: what follows is the reply, even when it starts
# with "-" (and options after the reply's first word are its text)
out=$("$SENDWATCH" explain -- --json 550 5.1.1 User unknown); st=$?
expect_status "after --: exit 0" 0 $st
expect_match "after --: text output, not JSON" "^category: +bad-mailbox \\(" "$out"
out=$("$SENDWATCH" explain 550 5.1.1 --json User unknown); st=$?
expect_status "option inside the reply: exit 0" 0 $st
expect_match "option inside the reply is text" "^enhanced: +5\\.1\\.1" "$out"
out=$("$SENDWATCH" explain --help); st=$?
expect_status "--help: exit 0" 0 $st
expect_match "--help shows usage" "^usage: sendwatch explain" "$out"

# --categories: every category with its meaning and fix, and the README
# and the man page document each one the program knows
out=$("$SENDWATCH" explain --categories); st=$?
expect_status "--categories: exit 0" 0 $st
json=$("$SENDWATCH" explain --categories --json)
cats=$(printf '%s' "$json" | python3 -c 'import json,sys; print(" ".join(c["category"] for c in json.load(sys.stdin) if c["fix"] and c["meaning"]))')
expect_eq "--categories --json: 19 categories, each with meaning and fix" 19 "$(echo $cats | wc -w)"
for c in bad-mailbox mailbox-disabled mailbox-full host-unknown message-too-big sender-rejected blocklisted reputation authentication reverse-dns rate-limited greylisted content relay-denied tls-required policy network system other; do
	case " $cats " in *" $c "*) ok "category $c listed";; *) fail "category $c listed" "$cats";; esac
done
for c in $cats; do
	expect_match "text lists $c with its fix" "^$c " "$out"
	if grep -q -- "^| \`$c\` |" "$top/README.md"; then ok "README documents $c"
	else fail "README documents $c" "no '| \`$c\` |' row in README.md"; fi
	mc=$(printf '%s' "$c" | sed 's/-/\\\\-/g')
	if grep -q -- "^\\.B $mc\$" "$top/contrib/sendwatch.1"; then ok "man page documents $c"
	else fail "man page documents $c" "no '.B $mc' in contrib/sendwatch.1"; fi
done
err=$("$SENDWATCH" explain --categories 550 oops 2>&1); st=$?
expect_status "--categories with a reply: exit 3" 3 $st

# the words decide, and the stage when the reply shows it
out=$("$SENDWATCH" explain "550 5.1.1 <news@example.org> has sent to too many recipients this hour")
expect_match "too many recipients beats 5.1.1" "^category: +rate-limited " "$out"
out=$("$SENDWATCH" explain "host mx.example.com[192.0.2.25] said: 553 5.1.0 Requested action not taken (in reply to MAIL FROM command)")
expect_match "stage shown" "^answering: +MAIL FROM$" "$out"
expect_match "x.1.0 after MAIL FROM is our sender" "^category: +sender-rejected " "$out"
out=$("$SENDWATCH" explain -- "-ERR Host unknown (Authoritative answer from name server)")
expect_match "a reply starting with - after --" "^category: +host-unknown " "$out"

done_testing
