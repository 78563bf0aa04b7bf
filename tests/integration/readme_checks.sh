#!/bin/sh
# readme_checks.sh -- README's authentication table and the tests agree:
# every check id in the table ("| `dmarc-p-invalid` | ...") appears in a
# test (a unit case's id or the comment before a lab case), and every
# auth check id a test names (`{ "dmarc-...",` or `/* mx-... */`) is in
# the table. The checker also runs on a copy with a planted row and a
# planted test id, so it is known to find both.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
top=${SENDWATCH_TOP:-.}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# The test files that carry check ids.
TESTS="tests/unit/test_dmarc_record.c tests/unit/test_dkim_key.c
tests/unit/test_auth_probes.c tests/integration/test_auth_lab.c"
IDRE='(spf|dkim|dmarc|mx|ptr)-[a-z0-9-]+'

# readme_ids README: the ids of the authentication table, one a line.
readme_ids() {
	sed -n '/^## Authentication checks/,/^## /p' "$1" |
		sed -n 's/^| `\([a-z0-9-]*\)` |.*/\1/p' | sort -u
}

# test_ids ROOT: the check ids the test files name, one a line.
test_ids() {
	(cd "$1" && cat $TESTS) | grep -oE "(/\* |\{ \")$IDRE" |
		sed -E 's/^(\/\* |\{ ")//' | sort -u
}

# readme_check ROOT: one line per disagreement, nothing when they agree.
readme_check() {
	readme_ids "$1/README.md" >"$tmp/readme.ids"
	test_ids "$1" >"$tmp/test.ids"
	comm -23 "$tmp/readme.ids" "$tmp/test.ids" |
		sed 's/^/README check without a test: /'
	comm -13 "$tmp/readme.ids" "$tmp/test.ids" |
		sed 's/^/test id not in README: /'
}

n=$(readme_ids "$top/README.md" | wc -l)
if [ "$n" -ge 60 ]; then ok "README's authentication table has $n check ids"
else fail "README's authentication table has $n check ids" "expected 60 or more"; fi
expect_eq "every README check has a test and every test id is in README" \
	"" "$(readme_check "$top")"

# The checker finds a README row without a test and a test id without a row.
mkdir -p "$tmp/copy/tests/unit" "$tmp/copy/tests/integration"
for f in $TESTS; do cp "$top/$f" "$tmp/copy/$f"; done
sed 's/^| `mx-none` |/| `mx-planted-row` | MX | planted | w | none |\n&/' \
	"$top/README.md" >"$tmp/copy/README.md"
printf '/* dmarc-planted-test */\n' >>"$tmp/copy/tests/unit/test_dkim_key.c"
out=$(readme_check "$tmp/copy")
expect_match "a planted README row without a test is found" \
	'^README check without a test: mx-planted-row$' "$out"
expect_match "a planted test id missing from README is found" \
	'^test id not in README: dmarc-planted-test$' "$out"

done_testing
