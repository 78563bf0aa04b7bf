#!/bin/sh
# imap.sh -- "sendwatch reports fetch" against the lab's Dovecot
# (tests/lab/imap.sh): every report (aggregate, TLS-RPT, failure) imported
# once and its message moved to the done folder, a message without a
# report moved to the failed folder with the reason, a second run imports
# nothing; XOAUTH2 with a
# token file; imap:// with STARTTLS; a wrong password, a server that
# drops the connection in the middle of a message and a message larger
# than max_decompressed each give a clear error (naming the UID) and lose
# nothing; a run killed with SIGKILL, run again, stores every report
# exactly once; a message whose reports were committed by a run that
# ended before the move is moved without being read again. The password
# never appears in any output. Each case has a Dovecot user of its own.
top=${SENDWATCH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$top/tests/lib.sh"

if [ -z "${LAB_IMAPS:-}" ]; then
	fail "the lab's IMAP server (LAB_IMAPS) is not running: run through tests/run.sh"
	done_testing
	exit 1
fi
tmp=$(mktemp -d /tmp/sendwatch-imap-XXXXXX)
proxy_pid=""
trap '[ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
LABIMAP="sh $top/tests/lab/imap.sh"
DATA=$top/tests/data/imap
PASS=case-password-$$	# what must never be printed

# user NAME FILE...: a fresh Dovecot user holding FILEs in its INBOX.
user() {
	_u=$1; shift
	$LABIMAP user "$LAB_DIR" "$_u" "$PASS" || fail "imap.sh user $_u"
	[ $# -eq 0 ] || $LABIMAP seed "$LAB_DIR" "$_u" "$@" || fail "imap.sh seed $_u"
}

# count USER MAILBOX: messages in the mailbox, asked with curl.
count() {
	curl -s --cacert "$LAB_IMAP_CA" --user "$1:$PASS" "imaps://$LAB_IMAPS/" \
		-X "STATUS \"$2\" (MESSAGES)" | sed -n 's/.*(MESSAGES \([0-9]*\)).*/\1/p'
}

# conf FILE USER [LINE...]: a config reading USER's INBOX into FILE.db.
conf() {
	_f=$1 _u=$2; shift 2
	printf '%s\n' "$PASS" >"$tmp/password"
	{
		echo "[general]"
		echo "state = $_f.db"
		echo "[reports]"
		echo "imap_url = imaps://$LAB_IMAPS/INBOX"
		echo "imap_username = $_u"
		echo "imap_ca_file = $LAB_IMAP_CA"
		for _l in "$@"; do echo "$_l"; done
		case "$*" in *imap_oauth2_token_file*) ;; *) echo "imap_password_file = $tmp/password" ;; esac
	} >"$_f"
}

reports_in() { sqlite3 "$1.db" "SELECT count(*) || ' ' || coalesce(sum(records), 0) FROM reports"; }
all_output=""
seen() { all_output="$all_output
$(cat "$tmp/out" "$tmp/err")"; }

# --- the lab server itself ------------------------------------------------
expect_eq "lab: Dovecot over TLS (lab CA) holds the 6 seeded messages" 6 \
	"$(curl -s --cacert "$LAB_IMAP_CA" --user "$LAB_IMAP_USER:$(cat "$LAB_IMAP_PASSWORD_FILE")" \
		"imaps://$LAB_IMAPS/" -X 'STATUS INBOX (MESSAGES)' | sed -n 's/.*(MESSAGES \([0-9]*\)).*/\1/p')"

# --- import, move, second run ----------------------------------------------
SEEDS="$DATA/01-aggregate-gzip.eml $DATA/02-aggregate-zip.eml $DATA/03-aggregate-single-part.eml
$DATA/04-not-a-report.eml $top/tests/data/reports/tlsrpt/microsoft.eml $top/tests/data/reports/ruf/google-arf.eml"
# shellcheck disable=SC2086
user t1@lab.test $SEEDS
conf "$tmp/c1" t1@lab.test
"$SENDWATCH" -c "$tmp/c1" reports fetch -v >"$tmp/out" 2>"$tmp/err"; st=$?; seen
expect_status "first run: one message without a report: exit 1" 1 $st
expect_match "first run: 3 aggregate reports, 6 records, a TLS-RPT and a failure report" \
	'^6 messages in the mailbox: 5 moved to reports-imported, 1 to reports-failed, 0 left; imported 3 reports \(6 records\), 1 TLS-RPT report, 1 failure report, 0 already stored, 1 failed$' \
	"$(cat "$tmp/out")"
expect_eq "stored: 3 reports, 6 records; 1 TLS-RPT, 1 failure report" "3 6 1 1" \
	"$(reports_in "$tmp/c1") $(sqlite3 "$tmp/c1.db" 'SELECT (SELECT count(*) FROM tlsrpt_reports) || " " || (SELECT count(*) FROM ruf_reports)')"
expect_match "the non-report names its UID, the folder and why" \
	'INBOX UID 4: moved to "reports-failed": no DMARC report in this message' "$(cat "$tmp/err")"
expect_match "-v names each stored report by UID" 'INBOX UID 2: .*stored Receiver B b-1' "$(cat "$tmp/err")"
expect_eq "INBOX empty, 5 in reports-imported, 1 in reports-failed (created)" "0 5 1" \
	"$(count t1@lab.test INBOX) $(count t1@lab.test reports-imported) $(count t1@lab.test reports-failed)"
expect_eq "no UID is remembered once its message moved" 0 \
	"$(sqlite3 "$tmp/c1.db" 'SELECT count(*) FROM imap_committed')"
"$SENDWATCH" -c "$tmp/c1" reports fetch >"$tmp/out" 2>"$tmp/err"; st=$?; seen
expect_status "second run: exit 0" 0 $st
expect_match "second run imports nothing" '^0 messages in the mailbox: .* imported 0 reports \(0 records\), 0 already stored, 0 failed$' \
	"$(cat "$tmp/out")"
expect_eq "still 3 reports, 6 records; 1 TLS-RPT, 1 failure report" "3 6 1 1" \
	"$(reports_in "$tmp/c1") $(sqlite3 "$tmp/c1.db" 'SELECT (SELECT count(*) FROM tlsrpt_reports) || " " || (SELECT count(*) FROM ruf_reports)')"

# --- XOAUTH2 with a token file, custom folders ------------------------------
user t2@lab.test "$DATA/01-aggregate-gzip.eml"
printf '%s\n' "$PASS" >"$tmp/token"
conf "$tmp/c2" t2@lab.test "imap_oauth2_token_file = $tmp/token" \
	"imap_done_folder = DMARC/done" "imap_failed_folder = DMARC/failed"
"$SENDWATCH" -c "$tmp/c2" reports fetch >"$tmp/out" 2>"$tmp/err"; st=$?; seen
expect_status "XOAUTH2: exit 0" 0 $st
expect_eq "XOAUTH2: the report stored, moved to DMARC/done" "1 3 1" \
	"$(reports_in "$tmp/c2") $(count t2@lab.test DMARC/done)"
printf 'expired-token\n' >"$tmp/token"
user t2@lab.test "$DATA/01-aggregate-gzip.eml"
"$SENDWATCH" -c "$tmp/c2" reports fetch >"$tmp/out" 2>"$tmp/err"; st=$?; seen
expect_status "a refused token: exit 3" 3 $st
expect_match "a refused token: the error says so" 'refused the login of t2@lab.test \(wrong or expired token\?\)' \
	"$(cat "$tmp/err")"
expect_no_match "the token is not printed" 'expired-token' "$(cat "$tmp/out" "$tmp/err")"

# --- imap:// takes STARTTLS ---------------------------------------------------
user t3@lab.test "$DATA/03-aggregate-single-part.eml"
conf "$tmp/c3" t3@lab.test
# and the CA from [general] ca_file when there is no imap_ca_file
sed -i -e "s|^imap_url = .*|imap_url = imap://$LAB_IMAP_PLAIN/INBOX|" -e '/^imap_ca_file/d' \
	-e "s|^\[general\]\$|[general]\nca_file = $LAB_IMAP_CA|" "$tmp/c3"
"$SENDWATCH" -c "$tmp/c3" reports fetch >"$tmp/out" 2>"$tmp/err"; st=$?; seen
expect_status "imap:// with STARTTLS, the CA of [general] ca_file: exit 0" 0 $st
expect_eq "imap://: the report stored" "1 1" "$(reports_in "$tmp/c3")"

# --- wrong password: clear error, nothing lost --------------------------------
user t4@lab.test "$DATA"/*.eml
conf "$tmp/c4" t4@lab.test
printf 'not-the-password\n' >"$tmp/password"
"$SENDWATCH" -c "$tmp/c4" reports fetch >"$tmp/out" 2>"$tmp/err"; st=$?; seen
expect_status "wrong password: exit 3" 3 $st
expect_match "wrong password: the error names the user and the cause" \
	"imaps://$LAB_IMAPS/INBOX: login: the server refused the login of t4@lab.test \(wrong password\?\)" \
	"$(cat "$tmp/err")"
expect_eq "wrong password: all 4 messages still in INBOX" 4 "$(count t4@lab.test INBOX)"
expect_no_match "wrong password: the password is not printed" 'not-the-password' "$(cat "$tmp/out" "$tmp/err")"

# --- a run cut short between commit and move --------------------------------
# Reports stored by an earlier import, messages not moved: stored once.
user t5@lab.test "$DATA"/*.eml
conf "$tmp/c5" t5@lab.test
"$SENDWATCH" -c "$tmp/c5" reports import --db "$tmp/c5.db" "$DATA"/0[123]*.eml >/dev/null 2>&1
"$SENDWATCH" -c "$tmp/c5" reports fetch >"$tmp/out" 2>"$tmp/err"; st=$?; seen
expect_match "reports already committed: none stored again" '3 moved to reports-imported, 1 to reports-failed, 0 left; imported 0 reports \(0 records\), 3 already stored' \
	"$(cat "$tmp/out")"
expect_eq "still 3 reports, 6 records" "3 6" "$(reports_in "$tmp/c5")"
# A UID remembered as committed is moved without being read again: the
# non-report message (UID 1 here) goes to the done folder, not failed.
user t6@lab.test "$DATA/04-not-a-report.eml" "$DATA/01-aggregate-gzip.eml"
conf "$tmp/c6" t6@lab.test
"$SENDWATCH" -c "$tmp/c6" reports summary >/dev/null 2>&1	# creates the database
uidv=$(curl -s --cacert "$LAB_IMAP_CA" --user "t6@lab.test:$PASS" "imaps://$LAB_IMAPS/" \
	-X 'STATUS INBOX (UIDVALIDITY)' | sed -n 's/.*UIDVALIDITY \([0-9]*\).*/\1/p')
sqlite3 "$tmp/c6.db" "INSERT INTO imap_committed VALUES ('t6@lab.test@127.0.0.1:${LAB_IMAPS#*:}/INBOX', $uidv, 1, 0)"
"$SENDWATCH" -c "$tmp/c6" reports fetch >"$tmp/out" 2>"$tmp/err"; st=$?; seen
expect_status "remembered UID: exit 0" 0 $st
expect_eq "remembered UID 1 moved unread to done, UID 2 imported" "2 0 1 3" \
	"$(count t6@lab.test reports-imported) $(count t6@lab.test reports-failed) $(reports_in "$tmp/c6")"
expect_eq "and forgotten once moved" 0 "$(sqlite3 "$tmp/c6.db" 'SELECT count(*) FROM imap_committed')"

# --- kill -9 in the middle of a run, run again ------------------------------
# N messages, each one report of 3 records with its own report_id.
N=60
mkdir -p "$tmp/many"
i=1
while [ $i -le $N ]; do
	{
		printf 'From: noreply@receiver-a.example\nTo: dmarc@example.com\nSubject: Report %s\n' $i
		printf 'Message-ID: <k%s@receiver-a.example>\nMIME-Version: 1.0\nContent-Type: text/xml\n\n' $i
		sed "s|<report_id>a-1</report_id>|<report_id>kill-$i</report_id>|" \
			"$top/tests/data/reports/summary/a-example.com.xml"
	} >"$tmp/many/$(printf %04d $i).eml"
	i=$((i + 1))
done
user t7@lab.test "$tmp"/many/*.eml
conf "$tmp/c7" t7@lab.test "imap_batch = 1000"
"$SENDWATCH" -c "$tmp/c7" reports summary >/dev/null 2>&1	# creates the database
"$SENDWATCH" -c "$tmp/c7" reports fetch >"$tmp/out1" 2>"$tmp/err1" &
pid=$!
n=0 stored=0
while [ $n -lt 600 ] && kill -0 $pid 2>/dev/null; do
	stored=$(sqlite3 "$tmp/c7.db" 'SELECT count(*) FROM reports' 2>/dev/null || echo 0)
	[ "${stored:-0}" -ge 10 ] && break
	sleep 0.05
	n=$((n + 1))
done
kill -9 $pid 2>/dev/null && killed=yes || killed=no
wait $pid 2>/dev/null
before=$(sqlite3 "$tmp/c7.db" 'SELECT count(*) FROM reports')
expect_eq "SIGKILL landed in the middle of the run" "yes" \
	"$killed$( [ "$before" -lt $N ] || echo ", but all $N were stored already")"
"$SENDWATCH" -c "$tmp/c7" reports fetch >"$tmp/out" 2>"$tmp/err"; st=$?; seen
expect_status "after SIGKILL: the second run completes" 0 $st
expect_eq "every report stored exactly once" "$N $((N * 3)) $N" \
	"$(reports_in "$tmp/c7") $(sqlite3 "$tmp/c7.db" 'SELECT count(DISTINCT report_id) FROM reports')"
expect_eq "every message moved once: INBOX empty, $N done" "0 $N" \
	"$(count t7@lab.test INBOX) $(count t7@lab.test reports-imported)"
already=$(sed -n 's/.*, \([0-9]*\) already stored, .*/\1/p' "$tmp/out")
expect_match "the second run stored the rest, at most one again" "^[01]$" "${already:-x}"

# --- a server that drops the connection in the middle of a message ---------
# A proxy passes 1 MB from the server, then closes both sides; UID 2 is a
# 3 MB message, so the cut falls inside its FETCH.
python3 - "$tmp/big.eml" <<'EOF'
import base64, random, sys
random.seed(7)
blob = base64.encodebytes(bytes(random.getrandbits(8) for _ in range(2300000))).decode()
with open(sys.argv[1], "w") as f:
    f.write("From: someone@elsewhere.example\nTo: dmarc@example.com\n"
            "Subject: a large attachment\nMIME-Version: 1.0\n"
            "Content-Type: application/octet-stream\n"
            "Content-Transfer-Encoding: base64\n\n" + blob)
EOF
user t8@lab.test "$DATA/01-aggregate-gzip.eml" "$tmp/big.eml" "$DATA/02-aggregate-zip.eml"
python3 - "${LAB_IMAPS#*:}" 1000000 >"$tmp/proxy.port" 2>"$tmp/proxy.log" <<'EOF' &
import socket, sys, threading
up_port, limit = int(sys.argv[1]), int(sys.argv[2])
ls = socket.socket(); ls.bind(("127.0.0.1", 0)); ls.listen(8)
print(ls.getsockname()[1], flush=True)
passed = [0]
def pump(a, b, count):
    try:
        while True:
            d = a.recv(65536)
            if not d:
                break
            if count:
                d = d[:max(0, limit - passed[0])]
                passed[0] += len(d)
            b.sendall(d)
            if count and passed[0] >= limit:
                break
    except OSError:
        pass
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
while True:
    c, _ = ls.accept()
    u = socket.create_connection(("127.0.0.1", up_port))
    threading.Thread(target=pump, args=(c, u, False), daemon=True).start()
    threading.Thread(target=pump, args=(u, c, True), daemon=True).start()
EOF
proxy_pid=$!
n=0
while [ ! -s "$tmp/proxy.port" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
conf "$tmp/c8" t8@lab.test
sed -i "s|^imap_url = .*|imap_url = imaps://127.0.0.1:$(cat "$tmp/proxy.port")/INBOX|" "$tmp/c8"
"$SENDWATCH" -c "$tmp/c8" reports fetch >"$tmp/out" 2>"$tmp/err"; st=$?; seen
kill "$proxy_pid" 2>/dev/null; proxy_pid=""
expect_status "connection dropped mid-fetch: exit 3" 3 $st
expect_match "the error names the UID being read and that it stays" \
	'INBOX UID 2: reading the message failed: .*; it stays in INBOX for the next run' "$(cat "$tmp/err")"
expect_eq "UID 1 stored and moved; UIDs 2 and 3 still in INBOX" "1 3 1 2" \
	"$(reports_in "$tmp/c8") $(count t8@lab.test reports-imported) $(count t8@lab.test INBOX)"
# --- a message larger than max_decompressed: failed folder --------------------
conf "$tmp/c8" t8@lab.test "max_decompressed = 1M"
"$SENDWATCH" -c "$tmp/c8" reports fetch >"$tmp/out" 2>"$tmp/err"; st=$?; seen
expect_status "the rest, directly: one message too large: exit 1" 1 $st
expect_match "too large: named by UID, moved to the failed folder" \
	'INBOX UID 2: moved to "reports-failed": larger than 1048576 bytes' "$(cat "$tmp/err")"
expect_eq "then: 2 reports, INBOX empty, 2 done, 1 failed" "2 5 0 2 1" \
	"$(reports_in "$tmp/c8") $(count t8@lab.test INBOX) $(count t8@lab.test reports-imported) $(count t8@lab.test reports-failed)"

# --- config check ----------------------------------------------------------
printf '[reports]\nimap_url = imaps://u:secret@host/INBOX\n' >"$tmp/bad1"
"$SENDWATCH" -c "$tmp/bad1" config check >"$tmp/out" 2>&1; st=$?
expect_status "config check: a password in imap_url: exit 2" 2 $st
expect_match "config check: file:line, no password echoed" \
	"bad1:2: imap_url: the URL holds a user name; put it in imap_username" "$(cat "$tmp/out")"
expect_no_match "config check: the URL's password is not printed" 'secret' "$(cat "$tmp/out")"
printf '[reports]\nimap_url = https://host/INBOX\nimap_done_folder = a"b\n' >"$tmp/bad2"
"$SENDWATCH" -c "$tmp/bad2" config check >"$tmp/out" 2>&1
expect_match "config check: not an IMAP URL" 'bad2:2: imap_url: expected imaps://HOST\[:PORT\]/MAILBOX' "$(cat "$tmp/out")"
expect_match "config check: a folder name IMAP would need to quote" 'bad2:3: imap_done_folder: expected a mailbox name' "$(cat "$tmp/out")"
printf '[reports]\nimap_url = imaps://host/INBOX\nimap_password_file = %s\nimap_oauth2_token_file = %s\n' \
	"$tmp/password" "$tmp/token" >"$tmp/bad3"
"$SENDWATCH" -c "$tmp/bad3" config check >"$tmp/out" 2>&1
expect_match "config check: user name required" 'bad3:1: \[reports\]: imap_url needs imap_username' "$(cat "$tmp/out")"
expect_match "config check: password or token, not both" 'bad3:1: \[reports\]: imap_url needs one of imap_password_file and imap_oauth2_token_file, not both' "$(cat "$tmp/out")"

expect_no_match "the password appears in no output of any run" "$PASS" "$all_output"
done_testing
