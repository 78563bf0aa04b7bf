#!/bin/sh
# reports.sh -- "sendwatch reports import/summary" end to end: the shared
# corpus stored row by row as EXPECTED.tsv lists it, stored once (also its
# gzip and zip copies), failures named and skipped, XXE and billion laughs
# refused, decompression and record bounds, mail/mbox/Maildir/stdin input,
# SIGKILL mid-import leaving whole reports only, and the summary's
# numbers against hand-counted reports (tests/data/reports/summary/README).
top=${SENDWATCH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$top/tests/lib.sh"
corpus=${SENDWATCH_CORPORA:-$top/../shared/corpora}/dmarc-aggregate
data=$top/tests/data/reports
tmp=$(mktemp -d /tmp/sendwatch-reports-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
sw() { "$SENDWATCH" reports "$@"; }
q() { sqlite3 "$1" "$2"; }

# --- the corpus, row by row -------------------------------------------
db=$tmp/corpus.db
out=$(sw import --db "$db" "$corpus" 2>"$tmp/err"); st=$?
err=$(cat "$tmp/err")
expect_status "corpus import exits 1 (empty.xml and EXPECTED.tsv fail)" 1 $st
want_unique=$(awk -F'\t' '!/^#/ && $3 != "-" { print $2 "\t" $3 "\t" $5 "\t" $6 }' \
	"$corpus/EXPECTED.tsv" | sort -u | wc -l)
want_rows=$(awk -F'\t' '!/^#/ && $3 != "-"' "$corpus/EXPECTED.tsv" | wc -l)
want_records=$(awk -F'\t' '!/^#/ && $3 != "-" { print $2 "\t" $3 "\t" $5 "\t" $6 "\t" $7 }' \
	"$corpus/EXPECTED.tsv" | sort -u | awk -F'\t' '{ s += $5 } END { print s }')
expect_match "corpus: summary line counts" \
	"^imported $want_unique reports \\($want_records records\\), $((want_rows - want_unique)) already stored, 2 failed\$" "$out"
expect_match "empty.xml: one clear line naming it" "/empty.xml: empty" "$err"
expect_match "a non-report file is named with its reason" "/EXPECTED.tsv: not a DMARC report" "$err"
expect_match "recovered reports say what libxml2 stepped over" \
	"aggregate_invalid_xml.xml: warning: broken XML, recovered 1 records.*line 5" "$err"
bad=""
while IFS='|' read -r file org id domain begin end records count note; do
	case $file in '#'*|'') continue ;; esac
	[ "$domain" = "-" ] && continue
	got=$(q "$db" "SELECT domain, records, messages FROM reports WHERE
		org_name = '$(printf %s "$org" | sed "s/'/''/g")' AND report_id = '$id'
		AND date_begin = $begin AND date_end = $end")
	rows=$(q "$db" "SELECT COUNT(*), COALESCE(SUM(c.count), 0) FROM reports r
		JOIN report_records c ON c.report = r.id WHERE r.org_name =
		'$(printf %s "$org" | sed "s/'/''/g")' AND r.report_id = '$id'
		AND r.date_begin = $begin AND r.date_end = $end")
	[ "$got" = "$domain|$records|$count" ] && [ "$rows" = "$records|$count" ] ||
		bad="$bad
$file: want $domain|$records|$count, got '$got', rows '$rows' ($note)"
done <<EOF
$(tr '\t' '|' < "$corpus/EXPECTED.tsv")
EOF
if [ -z "$bad" ]; then ok "every EXPECTED.tsv row stored as listed"; else
	fail "EXPECTED.tsv rows" "$bad"; fi
expect_match "no empty report stored" "^0\$" \
	"$(q "$db" "SELECT COUNT(*) FROM reports WHERE report_id = '' OR domain = ''")"

out=$(sw import --db "$db" "$corpus" 2>/dev/null)
expect_match "re-import stores nothing, says so" \
	"^imported 0 reports \\(0 records\\), $want_rows already stored, 2 failed\$" "$out"
expect_match "re-import: still $want_unique reports" "^$want_unique\$" \
	"$(q "$db" "SELECT COUNT(*) FROM reports")"

db=$tmp/nice.db
out=$(sw import --db "$db" "$corpus/extract_report_nice-input.xml.zip" \
	"$corpus/extract_report_nice-input.xml.gz" "$corpus/extract_report_nice-input.xml")
expect_status "xml, gzip and zip of one report import" 0 $?
expect_match "stored once, the copies already stored" \
	"^imported 1 report \\(20 records\\), 2 already stored, 0 failed\$" "$out"
expect_match "20 records, not 60" "^20\$" "$(q "$db" "SELECT COUNT(*) FROM report_records")"

out=$(sw import --dry-run --db "$tmp/dry.db" "$corpus/extract_report_nice-input.xml")
expect_match "--dry-run parses" "^parsed \\(dry run\\) 1 report \\(20 records\\)" "$out"
if [ -e "$tmp/dry.db" ]; then fail "--dry-run creates no database"; else ok "--dry-run creates no database"; fi

esc=$(printf '\033')
printf 'junk\n' > "$tmp/bad${esc}[31mname
two.txt"
err=$(sw import --db "$tmp/esc.db" "$tmp/bad${esc}[31mname
two.txt" 2>&1 >/dev/null)
expect_match "control characters in a file name are shown as ?" "bad\\?\\[31mname\\?two.txt: not a DMARC report" "$err"
expect_match "and the reason stays on one line" "^1\$" "$(printf '%s\n' "$err" | wc -l)"

# --- refused input ----------------------------------------------------
db=$tmp/refused.db
err=$(sw import --db "$db" "$data/xxe.xml" "$data/xxe-parameter.xml" \
	"$data/billion-laughs.xml" "$data/summary/a-example.com.xml" 2>&1 >"$tmp/out")
expect_status "XXE / billion laughs: exit 1" 1 $?
for f in xxe.xml xxe-parameter.xml billion-laughs.xml; do
	expect_match "$f refused, named" "$f: has a DOCTYPE: refused" "$err"
done
expect_match "the import went on after them" "^imported 1 report \\(3 records\\), 0 already stored, 3 failed" "$(cat "$tmp/out")"
expect_match "nothing of them stored" "^0\$" \
	"$(q "$db" "SELECT COUNT(*) FROM reports WHERE report_id IN ('xxe-1', 'xxe-2', 'laughs') OR org_name LIKE '%root%'")"

{ printf '<?xml version="1.0"?><feedback><report_metadata><org_name>'
  head -c 20000000 /dev/zero | tr '\0' 'A'
  printf '</org_name></report_metadata></feedback>'; } | gzip -9 > "$tmp/bomb.xml.gz"
start=$(date +%s)
err=$(sw import --db "$db" --max-size 1M "$tmp/bomb.xml.gz" 2>&1 >/dev/null)
expect_status "gzip beyond --max-size: exit 1" 1 $?
expect_match "the bound is named" "bomb.xml.gz: larger than 1048576 bytes of XML" "$err"
expect_match "refused quickly (under 10 s)" "^[0-9]\$" "$(( $(date +%s) - start ))"
err=$(sw import --db "$db" --max-records 100 "$corpus/aggregate_large-example.com_1711897200_1711983600.xml" 2>&1)
expect_match "records beyond --max-records refused" "more than 100 records" "$err"
expect_match "the refused large report is not stored" "^0\$" \
	"$(q "$db" "SELECT COUNT(*) FROM reports WHERE report_id = 'example.com:1711897200'")"
err=$(sw import --db "$db" --max-size lots "$data/xxe.xml" 2>&1)
expect_status "a bad --max-size is a usage error" 2 $?
expect_match "and says what was expected" "expected a size such as 512M" "$err"

# --- mail, mbox, Maildir, stdin ----------------------------------------
mail() { # FROM SUBJECT FILE: a message with FILE gzip'd and base64'd
	printf 'From: %s\nTo: dmarc@example.com\nSubject: %s\nMIME-Version: 1.0\n' "$1" "$2"
	printf 'Content-Type: multipart/mixed; boundary="b1"\n\n--b1\n'
	printf 'Content-Type: text/plain\n\nThis is an aggregate report.\n--b1\n'
	printf 'Content-Type: application/gzip\nContent-Transfer-Encoding: base64\n\n'
	gzip -c "$3" | base64
	printf '%s\n' '--b1--'
}
mkdir -p "$tmp/Maildir/cur" "$tmp/Maildir/new" "$tmp/Maildir/tmp"
mail rua@a.example "Report a-1" "$data/summary/a-example.com.xml" > "$tmp/Maildir/cur/1:2,S"
mail rua@b.example "Report b-1" "$data/summary/b-example.com.xml" > "$tmp/Maildir/new/2"
echo "half-delivered junk" > "$tmp/Maildir/tmp/3"
db=$tmp/mail.db
out=$(sw import --db "$db" "$tmp/Maildir" 2>&1)
expect_status "Maildir import" 0 $?
expect_match "Maildir: cur/ and new/ read, tmp/ not" "^imported 2 reports \\(5 records\\), 0 already stored, 0 failed\$" "$out"
{ printf 'From rua@a.example Mon Nov 20 00:00:00 2023\n'
  printf 'From: someone@example.net\nSubject: hello\n\nno report here\n\n'
  printf 'From rua@a.example Mon Nov 20 00:00:01 2023\n'
  printf 'From: rua@a.example\nSubject: Report c-1\nContent-Type: text/xml\n'
  printf 'Content-Transfer-Encoding: quoted-printable\n\n'
  sed 's/=/=3D/g' "$data/summary/c-example.org.xml"; } > "$tmp/reports.mbox"
err=$(sw import --db "$db" "$tmp/reports.mbox" 2>&1)
expect_status "mbox with a message that holds no report: exit 1" 1 $?
expect_match "mbox: the report in message 2 (quoted-printable) stored" \
	"^imported 1 report \\(1 records\\), 0 already stored, 1 failed\$" "$err"
expect_match "mbox: message 1 named" "reports.mbox: message 1: no DMARC report" "$err"
out=$(sw import --db "$db" - < "$data/summary/a-example.com.xml")
expect_match "stdin (a file): already stored" "^imported 0 reports \\(0 records\\), 1 already stored" "$out"
out=$(cat "$corpus/aggregate_rfc9990-sample.xml" | sw import --db "$tmp/stdin.db" -)
expect_match "stdin (a pipe) imported" "^imported 1 report \\(1 records\\)" "$out"

# --- the summary's numbers (hand-counted: tests/data/reports/summary) ---
json=$(sw summary --no-dns --db "$db" --json)
expect_status "summary --json" 0 $?
expect_match "example.com totals" '"domain":"example.com","reports":2,"messages":28,"dmarc_pass":19,' "$json"
expect_match "example.com dispositions" '"dispositions":\{"none":19,"quarantine":6,"reject":3\}' "$json"
expect_match "example.com reporters" '"reporters":\[\{"org_name":"Receiver A","reports":1,"messages":18\},\{"org_name":"Receiver B","reports":1,"messages":10\}\]' "$json"
expect_match "example.org totals" '"domain":"example.org","reports":1,"messages":2,"dmarc_pass":2,' "$json"
expect_match "top failing: 203.0.113.9 then 198.51.100.7" \
	'"top_failing":\[\{"ip":"203.0.113.9","failing":6\},\{"ip":"198.51.100.7","failing":3\}\]' "$json"
expect_match "selectors, lowercased, most used first" \
	'"dkim_selectors":\[\{"domain":"example.com","selector":"s1","messages":15,"pass":10\},\{"domain":"example.com","selector":"s2","messages":4,"pass":4\},\{"domain":"other.example","selector":"x","messages":3,"pass":0\}\]' "$json"
csv=$(sw summary --no-dns --db "$db" --csv --domain example.com)
expect_match "csv header" '^domain,source_ip,ptr,ptr_org_domain,messages,dmarc_pass,spf_aligned_pass,dkim_aligned_pass,first_seen,new,authorized$' "$csv"
expect_match "192.0.2.10: 14 messages, SPF 10, DKIM 14" '^example.com,192.0.2.10,[^,]*,[^,]*,14,14,10,14,1700000000,0,$' "$csv"
expect_match "192.0.2.20: 5 messages, SPF 5, DKIM 0" '^example.com,192.0.2.20,[^,]*,[^,]*,5,5,5,0,1700000000,0,$' "$csv"
expect_match "203.0.113.9: 6 failing" '^example.com,203.0.113.9,[^,]*,[^,]*,6,0,0,0,1700600000,0,$' "$csv"
expect_no_match "--domain keeps other domains out" '^example.org' "$csv"
json=$(sw summary --no-dns --db "$db" --json --domain example.com --since @1700500000)
expect_match "window: only b-1" '"reports":1,"messages":10,"dmarc_pass":4,' "$json"
expect_match "window: 203.0.113.9 is new, 192.0.2.10 is not" '"new_sources":\["203.0.113.9"\]' "$json"
text=$(sw summary --no-dns --db "$db" --domain example.com)
expect_match "text: the domain line" '^example.com: 28 messages in 2 reports, 67.9% pass DMARC; disposition none 19, quarantine 6, reject 3$' "$text"
text=$(sw summary --no-dns --db "$db" --since 2099-01-01)
expect_match "an empty window says so" "^no reports in the window\$" "$text"
err=$(sw summary --no-dns --db "$db" --since soon 2>&1)
expect_status "a bad --since is a usage error" 2 $?
expect_match "and says what was expected" 'expected a duration such as 7d.*got "soon"' "$err"

# --- PTR names through the lab's resolver, cached; authorized senders ---
printf '[domain example.com]\nspf_senders = 192.0.2.0/28\n' > "$tmp/sw.conf"
if [ -n "${LAB_RESOLVER:-}" ]; then
	json=$(sw summary --db "$db" --json --domain example.com --config "$tmp/sw.conf" --resolver "$LAB_RESOLVER")
	expect_match "PTR of 192.0.2.10 from the lab, with its org domain; authorized" \
		'"ip":"192.0.2.10","ptr":"mail.lab.test","ptr_org_domain":"lab.test","authorized":true,' "$json"
	expect_match "192.0.2.20 has no PTR (NXDOMAIN), not in spf_senders" \
		'"ip":"192.0.2.20","ptr":"","ptr_org_domain":null,"authorized":false,' "$json"
	expect_match "every source's answer cached" "^4\$" "$(q "$db" "SELECT COUNT(*) FROM report_ptr")"
	start=$(date +%s)
	json=$(sw summary --db "$db" --json --domain example.com --no-spf --resolver "$LAB_DEAD")
	expect_match "the cache answers when DNS cannot" '"ip":"192.0.2.10","ptr":"mail.lab.test"' "$json"
	expect_match "without waiting on DNS" "^[0-2]\$" "$(( $(date +%s) - start ))"
	expect_match "no config: authorized is unknown" '"ip":"192.0.2.10","ptr":"mail.lab.test","ptr_org_domain":"lab.test","authorized":null' "$json"
	sw import --db "$tmp/spf.db" "$data/summary/d-good.auth.test.xml" >/dev/null
	json=$(sw summary --db "$tmp/spf.db" --json --resolver "$LAB_RESOLVER")
	expect_match "SPF (ip4) of the domain authorizes 198.51.100.5" '"ip":"198.51.100.5",[^}]*"authorized":true,' "$json"
	expect_match "SPF (include) authorizes 203.0.113.3" '"ip":"203.0.113.3",[^}]*"authorized":true,' "$json"
	expect_match "SPF -all: 192.0.2.99 is not authorized" '"ip":"192.0.2.99",[^}]*"authorized":false,' "$json"
	json=$(sw summary --db "$tmp/spf.db" --json --no-dns)
	expect_match "--no-dns and no spf_senders: unknown" '"ip":"198.51.100.5",[^}]*"authorized":null,' "$json"
else
	echo "# skipped the PTR and SPF checks: no lab (LAB_RESOLVER unset)"
fi
json=$(sw summary --no-dns --db "$tmp/stdin.db" --json)
expect_match "--no-ptr and nothing cached: ptr unknown" '"ip":"192.0.2.123","ptr":null' "$json"

# --- SIGKILL during a large import ------------------------------------
mkdir "$tmp/many"
awk -v dir="$tmp/many" 'BEGIN {
	for (f = 1; f <= 400; f++) {
		file = sprintf("%s/r%03d.xml", dir, f)
		printf "<feedback><report_metadata><org_name>Bulk</org_name><report_id>bulk-%d</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata><policy_published><domain>bulk.example</domain><p>none</p></policy_published>\n", f > file
		for (i = 0; i < 300; i++)
			printf "<record><row><source_ip>10.%d.%d.%d</source_ip><count>%d</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>bulk.example</header_from></identifiers><auth_results><dkim><domain>bulk.example</domain><selector>s%d</selector><result>pass</result></dkim><spf><domain>bulk.example</domain><result>fail</result></spf></auth_results></record>\n", f % 256, int(i / 256), i % 256, i + 1, i % 3 > file
		print "</feedback>" > file
		close(file)
	}
}'
db=$tmp/kill.db
"$SENDWATCH" reports import --db "$db" "$tmp/many" >/dev/null 2>&1 &
pid=$!
n=0; i=0
while [ $i -lt 600 ]; do
	n=$(q "$db" "SELECT COUNT(*) FROM reports" 2>/dev/null || echo 0)
	[ "${n:-0}" -ge 20 ] && break
	sleep 0.05; i=$((i + 1))
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
stored=$(q "$db" "SELECT COUNT(*) FROM reports")
if [ "$stored" -gt 0 ] && [ "$stored" -lt 400 ]; then ok "killed mid-way ($stored of 400 stored)"; else
	fail "killed mid-way" "stored $stored of 400: the import was not caught in the middle"; fi
expect_match "integrity_check after SIGKILL" "^ok\$" "$(q "$db" "PRAGMA integrity_check")"
expect_match "only whole reports: every report has its 300 records" "^0\$" \
	"$(q "$db" "SELECT COUNT(*) FROM reports r WHERE r.records != 300 OR (SELECT COUNT(*) FROM report_records c WHERE c.report = r.id) != 300")"
expect_match "no orphan records" "^0\$" \
	"$(q "$db" "SELECT COUNT(*) FROM report_records WHERE report NOT IN (SELECT id FROM reports)")"
out=$(sw import --db "$db" "$tmp/many")
expect_match "re-running completes it" "^imported $((400 - stored)) reports \\($(( (400 - stored) * 300 )) records\\), $stored already stored, 0 failed\$" "$out"
expect_match "all 400 reports, 120000 records" "^400\\|120000\$" \
	"$(q "$db" "SELECT COUNT(DISTINCT r.id), COUNT(*) FROM reports r JOIN report_records c ON c.report = r.id")"

done_testing
