#!/bin/sh
# tlsrpt.sh -- TLS-RPT (RFC 8460) and DMARC failure reports (RFC 6591)
# through "sendwatch reports import": RFC 8460's example, Google's shape
# (.json.gz), Microsoft's (application/tlsrpt+gzip in an RFC 8460 §5.3
# mail), RFC 6591's example, an ARF report with text/rfc822-headers and a
# non-ARF one (tests/data/reports/README); stored once, row by row as the
# files say; broken reports named by file and field, nothing stored
# lost; Maildir, mbox and stdin; the size bound.
top=${SENDWATCH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$top/tests/lib.sh"
data=$top/tests/data/reports
tmp=$(mktemp -d /tmp/sendwatch-tlsrpt-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
sw() { "$SENDWATCH" reports "$@"; }
q() { sqlite3 "$tmp/db" "$1"; }

good="$data/tlsrpt/rfc8460-example.json $data/tlsrpt/google.json.gz
$data/tlsrpt/microsoft.eml $data/ruf/rfc6591-example.eml
$data/ruf/google-arf.eml $data/ruf/non-arf.eml"
# shellcheck disable=SC2086
out=$(sw import --db "$tmp/db" $good 2>&1)
expect_status "good reports: exit 0" 0 $?
expect_eq "summary line counts the new kinds" \
	"imported 0 reports (0 records), 3 TLS-RPT reports, 3 failure reports, 0 already stored, 0 failed" "$out"
expect_eq "RFC 8460 example: report, organization, contact, range" \
	"Company-X|sts-reporting@company-x.example|1459468800|1459555199" \
	"$(q "SELECT org_name, contact_info, date_begin, date_end FROM tlsrpt_reports WHERE report_id = '5065427c-23d3-47ca-b6e0-946ea0e8c4be'")"
expect_eq "RFC 8460 example: policy and summary" \
	"sts|company-y.example|*.mail.company-y.example|5326|303" \
	"$(q "SELECT policy_type, policy_domain, mx_host, successful, failed FROM tlsrpt_policies p JOIN tlsrpt_reports r ON r.id = p.report WHERE r.org_name = 'Company-X'")"
expect_eq "RFC 8460 example: its three failure details" \
	"certificate-expired|2001:db8:abcd:0012::1|mx1.mail.company-y.example||100|
starttls-not-supported|2001:db8:abcd:0013::1|mx2.mail.company-y.example|203.0.113.56|200|
validation-failure|198.51.100.62|mx-backup.mail.company-y.example|203.0.113.58|3|X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED" \
	"$(q "SELECT result_type, sending_mta_ip, receiving_mx_hostname, receiving_ip, failed_sessions, failure_reason_code FROM tlsrpt_failures f JOIN tlsrpt_policies p ON p.id = f.policy WHERE p.policy_domain = 'company-y.example' ORDER BY result_type")"
expect_eq "Google (.json.gz): one sts policy, 1200 ok, 4 failed in 2 details" \
	"sts|1200|4|2|4" \
	"$(q "SELECT policy_type, successful, failed, (SELECT COUNT(*) FROM tlsrpt_failures WHERE policy = p.id), (SELECT SUM(failed_sessions) FROM tlsrpt_failures WHERE policy = p.id) FROM tlsrpt_policies p JOIN tlsrpt_reports r ON r.id = p.report WHERE r.org_name = 'Google Inc.'")"
expect_eq "Microsoft (application/tlsrpt+gzip in mail): sts and tlsa policies" \
	"sts|40|2
tlsa|10|1" \
	"$(q "SELECT policy_type, successful, failed FROM tlsrpt_policies p JOIN tlsrpt_reports r ON r.id = p.report WHERE r.org_name = 'Microsoft Corporation' ORDER BY policy_type")"
expect_match "Microsoft: the mail part is the recorded source" "microsoft.eml: part 3\$" \
	"$(q "SELECT source FROM tlsrpt_reports WHERE org_name = 'Microsoft Corporation'")"
expect_eq "RFC 6591 example: ARF, source, domain, failure, original" \
	"arf|example.com|192.0.2.1|example.net|bodyhash|example.net|randomuser@example.net|Discount on office supplies" \
	"$(q "SELECT form, reporter, source_ip, reported_domain, auth_failure, dkim_domain, orig_from, orig_subject FROM ruf_reports WHERE source LIKE '%rfc6591-example.eml'")"
expect_match "RFC 6591 example: Authentication-Results kept (folded line joined)" \
	"^mail.example.com; +dkim=fail header.d=example.net\$" \
	"$(q "SELECT auth_results FROM ruf_reports WHERE source LIKE '%rfc6591-example.eml'")"
expect_eq "ARF with text/rfc822-headers: the original's From, Subject, Date" \
	"arf|203.0.113.9|example.com|dmarc|reject|none|Example Billing <billing@example.com>|Your invoice is overdue|$(date -u -d '2026-11-30 10:14:50' +%s)" \
	"$(q "SELECT form, source_ip, reported_domain, auth_failure, delivery_result, identity_alignment, orig_from, orig_subject, orig_date FROM ruf_reports WHERE source LIKE '%google-arf.eml'")"
expect_eq "arrival: Arrival-Date (ARF), Received Date (non-ARF)" \
	"$(date -u -d '2026-11-30 10:14:58' +%s) $(date -u -d '2026-11-30 10:58:31' +%s)" \
	"$(q "SELECT arrival FROM ruf_reports WHERE source LIKE '%google-arf.eml' OR source LIKE '%non-arf.eml' ORDER BY arrival" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "non-ARF: source and domain from its text, the attached original" \
	"non-arf|mail.receiver.example|203.0.113.9|example.com|quarantine|Reset your password" \
	"$(q "SELECT form, reporter, source_ip, reported_domain, delivery_result, orig_subject FROM ruf_reports WHERE source LIKE '%non-arf.eml'")"

# shellcheck disable=SC2086
out=$(sw import --db "$tmp/db" $good 2>&1)
expect_eq "again: every one already stored" \
	"imported 0 reports (0 records), 6 already stored, 0 failed" "$out"
expect_eq "still 3 TLS-RPT reports, 4 policies, 7 details, 3 failure reports" \
	"3|4|7|3" "$(q "SELECT (SELECT COUNT(*) FROM tlsrpt_reports), (SELECT COUNT(*) FROM tlsrpt_policies), (SELECT COUNT(*) FROM tlsrpt_failures), (SELECT COUNT(*) FROM ruf_reports)")"

# --- broken reports: named, the rest goes on, nothing stored lost ------
err=$(sw import --db "$tmp/db" "$data/tlsrpt/malformed.json" \
	"$data/tlsrpt/missing-field.json" "$data/tlsrpt/ill-typed.json" \
	"$data/ruf/abuse-arf.eml" 2>&1 >"$tmp/out")
expect_status "broken reports: exit 1" 1 $?
expect_match "malformed JSON: file and line" \
	"malformed.json: TLS-RPT report: malformed JSON at line 7 " "$err"
expect_match "a missing field: file and field" \
	"missing-field.json: TLS-RPT report: policies\\[1\\]\\.summary\\.total-failure-session-count: missing" "$err"
expect_match "an ill-typed field: file, field and type" \
	"ill-typed.json: TLS-RPT report: policies\\[1\\]\\.failure-details\\[1\\]\\.failed-session-count: expected a number, got a string" "$err"
expect_match "a spam complaint (Feedback-Type: abuse) is no failure report" \
	"abuse-arf.eml: no DMARC report in this message" "$err"
expect_eq "the import counts them" \
	"imported 0 reports (0 records), 0 already stored, 4 failed" "$(cat "$tmp/out")"
expect_eq "nothing of them stored, nothing stored lost" "3|4|7|3" \
	"$(q "SELECT (SELECT COUNT(*) FROM tlsrpt_reports), (SELECT COUNT(*) FROM tlsrpt_policies), (SELECT COUNT(*) FROM tlsrpt_failures), (SELECT COUNT(*) FROM ruf_reports)")"

# a huge attachment: over --max-size, refused by name
{ printf '{"organization-name":"Huge","report-id":"huge-1","padding":"'
  head -c 3000000 /dev/zero | tr '\0' 'A'; printf '"}'; } | gzip -9 > "$tmp/huge.json.gz"
{ printf 'From: tls@huge.example\nSubject: huge\nMIME-Version: 1.0\n'
  printf 'Content-Type: multipart/report; report-type="tlsrpt"; boundary="b"\n\n'
  printf -- '--b\nContent-Type: application/tlsrpt+gzip\nContent-Transfer-Encoding: base64\n\n'
  base64 "$tmp/huge.json.gz"; printf -- '--b--\n'; } > "$tmp/huge.eml"
err=$(sw import --db "$tmp/db" --max-size 1M "$tmp/huge.eml" 2>&1)
expect_status "huge attachment: exit 1" 1 $?
expect_match "huge attachment: the message part and the bound named" \
	"huge.eml: part 2: larger than 1048576 bytes" "$err"
expect_eq "huge attachment: nothing stored" "0" \
	"$(q "SELECT COUNT(*) FROM tlsrpt_reports WHERE report_id = 'huge-1'")"

# a UTF-8 BOM before the JSON (RFC 8259 §8.1 lets a parser ignore it)
{ printf '\357\273\277'; sed 's/"report-id": "5065427c/"report-id": "bom-5065427c/' "$data/tlsrpt/rfc8460-example.json"; } > "$tmp/bom.json"
out=$(sw import --db "$tmp/db" "$tmp/bom.json" 2>&1)
expect_eq "a BOM before the JSON: read" \
	"imported 0 reports (0 records), 1 TLS-RPT report, 0 already stored, 0 failed" "$out"

# --- Maildir, mbox, stdin, --dry-run -----------------------------------
mkdir -p "$tmp/Maildir/cur" "$tmp/Maildir/new" "$tmp/Maildir/tmp"
cp "$data/tlsrpt/microsoft.eml" "$tmp/Maildir/cur/1:2,S"
cp "$data/ruf/google-arf.eml" "$tmp/Maildir/new/2"
out=$(sw import --db "$tmp/maildir.db" "$tmp/Maildir" 2>&1)
expect_eq "Maildir: TLS-RPT mail and failure report" \
	"imported 0 reports (0 records), 1 TLS-RPT report, 1 failure report, 0 already stored, 0 failed" "$out"
for f in "$data/ruf/rfc6591-example.eml" "$data/tlsrpt/microsoft.eml" "$data/ruf/non-arf.eml"; do
	printf 'From report@example Mon Nov 30 00:00:00 2026\n'
	sed 's/^From />From /' "$f"; echo
done > "$tmp/reports.mbox"
out=$(sw import --db "$tmp/mbox.db" "$tmp/reports.mbox" 2>&1)
expect_eq "mbox: all three messages" \
	"imported 0 reports (0 records), 1 TLS-RPT report, 2 failure reports, 0 already stored, 0 failed" "$out"
out=$(sw import --db "$tmp/mbox.db" "$data/ruf/rfc6591-example.eml" 2>&1)
expect_eq "the same failure report from a file: already stored (mbox or not)" \
	"imported 0 reports (0 records), 1 already stored, 0 failed" "$out"
out=$(gzip -dc "$data/tlsrpt/google.json.gz" | sw import --db "$tmp/mbox.db" - 2>&1)
expect_eq "stdin: a TLS-RPT JSON" \
	"imported 0 reports (0 records), 1 TLS-RPT report, 0 already stored, 0 failed" "$out"
out=$(sw import --dry-run --db "$tmp/dry.db" "$data/tlsrpt/rfc8460-example.json" "$data/ruf/non-arf.eml" 2>&1)
expect_eq "--dry-run parses TLS-RPT and failure reports" \
	"parsed (dry run) 0 reports (0 records), 1 TLS-RPT report, 1 failure report, 0 already stored, 0 failed" "$out"
if [ -e "$tmp/dry.db" ]; then fail "--dry-run creates no database"; else ok "--dry-run creates no database"; fi

# --- reports summary: hand-counted (tests/data/reports/README) --------
# shellcheck disable=SC2086
sw import --db "$tmp/sum.db" $good "$data/summary/a-example.com.xml" >/dev/null 2>&1
text=$(sw summary --no-dns --db "$tmp/sum.db")
expect_status "summary: exit 0" 0 $?
expect_match "the aggregate data is there too" "^example.com: 18 messages in 1 report" "$text"
expect_match "example.com sts: Google + Microsoft sessions" \
	"^TLS-RPT example.com sts: 1246 sessions in 2 reports, 1240 successful, 6 failed \(0.5%\)\$" "$text"
expect_match "example.com sts: failure types with counts" \
	"^  failure types: sts-policy-fetch-error 4, certificate-host-mismatch 2\$" "$text"
expect_match "example.com sts: sending MTAs" \
	"^  sending MTAs: 209.85.220.41 3, 198.51.100.7 2, 209.85.220.69 1\$" "$text"
expect_match "example.com sts: receiving MXs (with IP when reported)" \
	"^  receiving MXs: mx1.example.com 3, mx2.example.com \(192.0.2.25\) 2, mx2.example.com 1\$" "$text"
expect_match "example.com tlsa apart from sts" \
	"^TLS-RPT example.com tlsa: 11 sessions in 1 report, 10 successful, 1 failed \(9.1%\)\$" "$text"
expect_match "RFC 8460 example: 5629 sessions, 303 failed" \
	"^TLS-RPT company-y.example sts: 5629 sessions in 1 report, 5326 successful, 303 failed \(5.4%\)\$" "$text"
expect_match "failure reports per source: 203.0.113.9 twice" \
	"^  203.0.113.9: 2 reports about example.com \(dmarc\) from receiver.example,mail.receiver.example;" "$text"
expect_match "failure reports per source: 192.0.2.1 once" \
	"^  192.0.2.1: 1 report about example.net \(bodyhash\) from example.com;" "$text"
expect_match "local parts redacted" "From Example Billing <\*@example.com>, Subject \"Your invoice is overdue\", MAIL FROM \*@mailer.example.org, reject" "$text"
expect_no_match "no local part printed" "billing@|support@|bounce@|randomuser@" "$text"
text=$(sw summary --no-dns --db "$tmp/sum.db" --show-addresses)
expect_match "--show-addresses shows them" "From Example Billing <billing@example.com>, Subject \"Your invoice is overdue\", MAIL FROM bounce@mailer.example.org" "$text"

# a forged Subject carrying a terminal escape (RFC 2047 encoded)
esc_subj=$(printf '\033[31mred' | base64)
sed -e "s/^Subject: Your invoice is overdue/Subject: =?utf-8?b?$esc_subj?=/" \
	-e 's/^Message-ID: <ruf-7f3a9c@/Message-ID: <ruf-esc@/' \
	-e 's/^Source-IP: 203.0.113.9/Source-IP: 203.0.113.77/' \
	"$data/ruf/google-arf.eml" > "$tmp/esc.eml"
sw import --db "$tmp/esc.db" "$tmp/esc.eml" >/dev/null 2>&1
text=$(sw summary --no-dns --db "$tmp/esc.db")
expect_match "an escape in a Subject is shown as ?" 'Subject "\?\[31mred"' "$text"
expect_no_match "no escape reaches the terminal" "$(printf '\033')" "$text"

json=$(sw summary --no-dns --db "$tmp/sum.db" --json)
expect_status "summary --json: exit 0" 0 $?
expect_eq "--json: per policy domain and type, sessions" \
	"company-y.example sts 1 5326 303
example.com sts 2 1240 6
example.com tlsa 1 10 1" \
	"$(printf '%s' "$json" | jq -r '.tlsrpt[] | "\(.policy_domain) \(.policy_type) \(.reports) \(.successful_sessions) \(.failed_sessions)"')"
expect_eq "--json: failure types of example.com sts" \
	"sts-policy-fetch-error=4 certificate-host-mismatch=2" \
	"$(printf '%s' "$json" | jq -r '[.tlsrpt[] | select(.policy_domain == "example.com" and .policy_type == "sts") | .failure_types[] | "\(.result_type)=\(.failed_sessions)"] | join(" ")')"
expect_eq "--json: receiving MXs of company-y.example" \
	"mx2.mail.company-y.example/203.0.113.56=200 mx1.mail.company-y.example/null=100 mx-backup.mail.company-y.example/203.0.113.58=3" \
	"$(printf '%s' "$json" | jq -r '[.tlsrpt[] | select(.policy_domain == "company-y.example") | .receiving_mxs[] | "\(.hostname)/\(.ip)=\(.failed_sessions)"] | join(" ")')"
expect_eq "--json: failure reports per source" "203.0.113.9=2 192.0.2.1=1" \
	"$(printf '%s' "$json" | jq -r '[.failure_reports[] | "\(.source_ip)=\(.reports)"] | join(" ")')"
expect_eq "--json: the original's From, redacted" "Example Support <*@example.com>" \
	"$(printf '%s' "$json" | jq -r '.failure_reports[0].recent[0].from')"
expect_eq "--json: the aggregate domains still there" "example.com" \
	"$(printf '%s' "$json" | jq -r '.domains[].domain')"

csv=$(sw summary --no-dns --db "$tmp/sum.db" --csv)
expect_match "--csv: a TLS-RPT section with its header" \
	"^policy_domain,policy_type,reports,successful_sessions,failed_sessions,result_type,result_type_sessions\$" "$csv"
expect_match "--csv: one row per failure type" "^example.com,tlsa,1,10,1,tlsa-invalid,1\$" "$csv"
expect_match "--csv: failure reports per source" "^203.0.113.9,2,example.com,dmarc,\"receiver.example,mail.receiver.example\"," "$csv"

text=$(sw summary --no-dns --db "$tmp/sum.db" --domain example.net)
expect_match "--domain: only its failure reports" "^  192.0.2.1: 1 report about example.net" "$text"
expect_no_match "--domain: no other domain's data" "TLS-RPT|203.0.113.9" "$text"
text=$(sw summary --no-dns --db "$tmp/sum.db" --since 2026-11-30)
expect_no_match "--since: the 2016 and 2005 reports left out" "company-y|192.0.2.1" "$text"
expect_match "--since: the recent ones stay" "TLS-RPT example.com sts: 1246 sessions" "$text"

done_testing
