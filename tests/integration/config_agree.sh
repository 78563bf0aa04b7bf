# config_agree.sh -- `sendwatch config check` and the commands accept the
# same files: for every example config (tests/data/config, the shipped
# example, and [dnsbl] cases only the catalog can judge, such as a
# Spamhaus DQS list enabled without its key), config check and the
# commands' own loading (audit and check, against a dead resolver so no
# query leaves the machine) both accept the file, or both refuse it with
# the same file:line messages.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
cd "${SENDWATCH_TOP:-.}" || exit 1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# A port nothing listens on: a command that gets past its config finds
# every list unknown, quickly, without a lab.
dead=127.0.0.1@9

printf '[dnsbl spamhaus-zrd]\nenabled = yes\n' >"$tmp/dqs_nokey.conf"
printf '[dnsbl mylist]\nseverity = warning\n' >"$tmp/not_in_catalog.conf"
printf '[dnsbl sorbs]\nenabled = yes\n' >"$tmp/defunct.conf"
printf 'not.a.label\n' >"$tmp/bad.key"
printf '[dnsbl spamhaus-zen]\nzone = zen.dq.spamhaus.net\nkey_file = %s\n' \
	"$tmp/bad.key" >"$tmp/bad_key.conf"
printf '[dnsbl spamhaus-zrd]\nenabled = no\n\n[dnsbl sorbs]\nenabled = no\n' \
	>"$tmp/disabled.conf"

# problems FILE TEXT: the lines of TEXT that are problems of FILE
problems() { printf '%s\n' "$2" | grep -E "^$1(:[0-9]+)?: " || true; }

n=0
for f in tests/data/config/*.conf contrib/sendwatch.conf.example \
    "$tmp"/*.conf; do
	n=$((n + 1))
	name=${f##*/}
	"$SENDWATCH" config check -c "$f" >"$tmp/cc.out" 2>"$tmp/cc.err"
	cc_st=$?
	cc=$(problems "$f" "$(cat "$tmp/cc.out")")
	# each command, and what it prints once it got past its config
	for cmd in "audit --probe dnsbl 192.0.2.1=^Result: " \
	    "check dnsbl 192.0.2.1=^SENDWATCH DNSBL "; do
		ran=${cmd#*=}; cmd=${cmd%%=*}
		# shellcheck disable=SC2086
		"$SENDWATCH" $cmd --config "$f" --resolver $dead -t 2 \
		    >"$tmp/c.out" 2>"$tmp/c.err"
		c_st=$?
		c=$(problems "$f" "$(cat "$tmp/c.err")")
		verb=${cmd%% *}
		if [ "$cc_st" -eq 0 ]; then
			expect_eq "$name: config check ok, $verb finds no problem" "" "$c"
			expect_match "$name: $verb runs its probe" "$ran" \
			    "$(cat "$tmp/c.out")"
		else
			expect_eq "$name: $verb refuses with config check's messages" \
			    "$cc" "$c"
			expect_status "$name: $verb exit 3 (could not check)" 3 "$c_st"
			expect_no_match "$name: $verb does not run" "$ran" \
			    "$(cat "$tmp/c.out")"
		fi
	done
done
if [ "$n" -ge 14 ]; then ok "every example ($n files)"; else fail "every example" "only $n files"; fi

# The cases the catalog decides are refused, naming the section's line.
"$SENDWATCH" config check -c "$tmp/dqs_nokey.conf" >"$tmp/out" 2>&1
expect_match "DQS without a key is refused" \
	"dqs_nokey.conf:1: \[dnsbl spamhaus-zrd\]: zrd.dq.spamhaus.net needs an account key: add key_file" \
	"$(cat "$tmp/out")"
"$SENDWATCH" config check -c "$tmp/defunct.conf" >"$tmp/out" 2>&1
expect_match "a defunct list enabled is refused" \
	"defunct.conf:1: \[dnsbl sorbs\]: .* is defunct" "$(cat "$tmp/out")"
"$SENDWATCH" config check -c "$tmp/bad_key.conf" >"$tmp/out" 2>&1
expect_match "a key that is not one label is refused" \
	"bad_key.conf:1: \[dnsbl spamhaus-zen\] key_file .*bad.key: spamhaus-zen: the key is not a single DNS label" \
	"$(cat "$tmp/out")"
expect_no_match "the bad key is not printed" "not\.a\.label" "$(cat "$tmp/out")"
"$SENDWATCH" config check -c "$tmp/disabled.conf" >"$tmp/out" 2>&1
expect_match "lists that need a key or are defunct may be named when disabled" \
	"disabled.conf: ok" "$(cat "$tmp/out")"

done_testing
