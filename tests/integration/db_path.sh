# db_path.sh -- a database file that cannot be opened (a machine without
# /var/lib/sendwatch, where [general] state points by default): reports
# import, reports summary and events name the file, why (its directory is
# missing or is no directory) and how to choose another (--db FILE, or
# state = FILE in [general] of the config file they read); following the
# advice works.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
cd "${SENDWATCH_TOP:-.}" || exit 1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
report=tests/data/reports/summary/a-example.com.xml

# The default's situation, with a directory of our own that does not exist.
printf '[general]\nstate = %s/var/lib/sendwatch/state.db\n' "$tmp" >"$tmp/sw.conf"
"$SENDWATCH" reports import --config "$tmp/sw.conf" "$report" >"$tmp/out" 2>"$tmp/err"
expect_status "reports import, no directory: exit 2" 2 $?
err=$(cat "$tmp/err")
expect_match "names the database file" "^sendwatch: $tmp/var/lib/sendwatch/state.db: " "$err"
expect_match "says the directory does not exist, and how to choose another" \
	"^sendwatch: the directory $tmp/var/lib/sendwatch does not exist; choose another database file with --db FILE, or with state = FILE in \[general\] of $tmp/sw.conf\$" \
	"$err"

"$SENDWATCH" reports summary --config "$tmp/sw.conf" --no-dns >"$tmp/out" 2>"$tmp/err"
expect_status "reports summary, no directory: exit 2" 2 $?
expect_match "reports summary: the same advice" \
	"the directory $tmp/var/lib/sendwatch does not exist; choose another database file with --db FILE" \
	"$(cat "$tmp/err")"

"$SENDWATCH" events --config "$tmp/sw.conf" >"$tmp/out" 2>"$tmp/err"
expect_match "events: names the directory and the config key (no --db there)" \
	"^sendwatch events: the directory $tmp/var/lib/sendwatch does not exist; choose another database file with state = FILE in \[general\] of $tmp/sw.conf\$" \
	"$(cat "$tmp/err")"

# --db naming something that is no directory, and a directory as the file.
"$SENDWATCH" reports import --db "$tmp/sw.conf/state.db" "$report" >"$tmp/out" 2>"$tmp/err"
expect_match "--db under a file: says it is not a directory" \
	"^sendwatch: $tmp/sw.conf is not a directory; choose another" "$(cat "$tmp/err")"
"$SENDWATCH" reports import --db "$tmp" "$report" >"$tmp/out" 2>"$tmp/err"
expect_match "--db a directory: says so" "^sendwatch: $tmp is a directory; choose another" \
	"$(cat "$tmp/err")"

# Following the advice: --db FILE, then state = FILE.
"$SENDWATCH" reports import --config "$tmp/sw.conf" --db "$tmp/reports.db" "$report" >"$tmp/out" 2>"$tmp/err"
expect_status "--db FILE: imported, exit 0" 0 $?
expect_match "--db FILE: one report" "^imported 1 report " "$(cat "$tmp/out")"
printf '[general]\nstate = %s/state.db\n' "$tmp" >"$tmp/ok.conf"
"$SENDWATCH" reports import --config "$tmp/ok.conf" "$report" >"$tmp/out" 2>"$tmp/err"
expect_status "state = FILE: imported, exit 0" 0 $?

done_testing
