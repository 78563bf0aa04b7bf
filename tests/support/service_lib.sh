# service_lib.sh -- helpers shared by the `sendwatch run` tests
# (tests/integration/service*.sh). Source after tests/lib.sh with $tmp set.
#   wait_for SECONDS CMD...   run CMD every 0.2 s until it succeeds (bounded)
#   free_port FIRST           first TCP port from FIRST on that nobody listens on
#   receiver_start OUT PORT [ARGS...]  webhook_receiver.py recording to OUT on
#                             PORT (0: the kernel picks one); sets rcv_port
#                             and rcv_pid once it listens (returns 1 if not)
#   svc_init                  take over the lab's svc.lab.test data
#   set_list LINE...          svc.lab.test lists its test point plus LINEs
#   svc_restore               put the lab's data back (call from the EXIT trap)
#   http_conf FILE PORT DNSBL [TOKEN]  a config for `run` with [http] on PORT
#                             (token_file $tmp/token holding TOKEN when given),
#                             192.0.2.77 on the lab's svc.lab.test every DNSBL
#   lines FILE / has_lines FILE N   lines in FILE (0 if none yet) / at least N
#   cycles / cycles_past N    cycles stored in $tmp/state.db / at least N
#   event_keys FILE           "key=to ..." of the events a receiver recorded
#                             in FILE, sorted, on one line
#   prom                      the samples of a Prometheus text body on stdin,
#                             one per line: NAME LABEL=V,... VALUE (parsed by
#                             python3-prometheus-client's parser)

wait_for() {
	n=$(($1 * 5)); shift
	while [ "$n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2; n=$((n - 1))
	done
	return 1
}

free_port() {
	p=$1
	while [ "$p" -lt $(($1 + 50)) ]; do
		if ! ss -Hltn "sport = :$p" | grep -q .; then echo "$p"; return; fi
		p=$((p + 1))
	done
	echo 0
}

receiver_start() {
	rcv_out=$1; rcv_want=$2; shift 2
	rm -f "$rcv_out.port"
	/usr/bin/python3 "${SENDWATCH_TOP:-.}/tests/support/webhook_receiver.py" "$rcv_want" \
		"$rcv_out" --port-file "$rcv_out.port" "$@" 2>>"$rcv_out.log" &
	rcv_pid=$!
	wait_for 10 test -s "$rcv_out.port" || return 1
	rcv_port=$(cat "$rcv_out.port")
}

# The rbldnsd dataset the lab generated from tests/lab/zones/svc.lab.test.rbl;
# rbldnsd reloads it on SIGHUP when its mtime changed.
svc_init() {
	svc_data=$LAB_DIR/rbldnsd/svc.lab.test.ip4.0
	cp "$svc_data" "$tmp/svc.orig"
	# what the list holds besides the tests' entries: the RFC 5782 test point
	grep -v -e '^192\.0\.2\.' -e '^0\.0\.0\.0-' "$svc_data" >"$tmp/svc.base"
	rbldnsd_pid=$(awk '$1 == "rbldnsd" { print $2 }' "$LAB_DIR/pids")
	svc_stamp=$(date +%s)
}

set_list() {
	{ cat "$tmp/svc.base"; for l in "$@"; do echo "$l"; done; } >"$svc_data.new"
	mv "$svc_data.new" "$svc_data"
	svc_stamp=$((svc_stamp + 1)); touch -d "@$svc_stamp" "$svc_data"	# a new mtime each time
	kill -HUP "$rbldnsd_pid"
}

svc_restore() {
	[ -f "$tmp/svc.orig" ] || return 0
	cp "$tmp/svc.orig" "$svc_data" && touch "$svc_data" && kill -HUP "$rbldnsd_pid" 2>/dev/null
}

prom() {
	/usr/bin/python3 -c '
import sys
from prometheus_client.parser import text_string_to_metric_families
for f in text_string_to_metric_families(sys.stdin.read()):
    for s in f.samples:
        print(s.name, ",".join(f"{k}={v}" for k, v in sorted(s.labels.items())), s.value)
' 2>&1
}

http_conf() {
	cat >"$1" <<EOF
[general]
state = $tmp/state.db
resolver = $LAB_RBLDNSD
timeout = 2s
dnsbl_catalog = no

[targets]
ip = 192.0.2.77

[dnsbl svc]
zone = svc.lab.test

[schedule]
dnsbl = $3
auth = 7d
jitter = 0s

[http]
listen = $2
EOF
	[ -n "${4:-}" ] || return 0
	echo "$4" >"$tmp/token"; chmod 600 "$tmp/token"
	echo "token_file = $tmp/token" >>"$1"
}

lines() { [ -f "$1" ] && wc -l <"$1" || echo 0; }
has_lines() { [ "$(lines "$1")" -ge "$2" ]; }
cycles() { sqlite3 "$tmp/state.db" 'SELECT COUNT(*) FROM cycles' 2>/dev/null || echo 0; }
cycles_past() { [ "$(cycles)" -ge "$1" ]; }

event_keys() {
	/usr/bin/python3 -c 'import json,sys
print(" ".join(sorted(json.loads(l)["body"]["key"] + "=" + json.loads(l)["body"]["to"]
    for l in open(sys.argv[1]).read().splitlines())))' "$1"
}
