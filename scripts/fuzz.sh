#!/bin/sh
# fuzz.sh -- runs the fuzz targets `make fuzz` built (build/fuzz/bin/NAME,
# clang + libFuzzer + ASan/UBSan), each named as an argument, for
# FUZZ_SECONDS (default 60) from a corpus seeded as tests/fuzz/seeds.txt
# says, and prints the executions per target. A finding is saved in
# build/fuzz/NAME/ as crash-*, leak-* or timeout-*: copy it into
# tests/fuzz/crashes/NAME/ with the fix, so `make test` replays it. The
# time-out is 60 s of wall time: a loaded machine makes 10 s inputs of
# ones that take a tenth of a second alone. Inputs are at most
# FUZZ_MAX_LEN bytes (default 1 MiB): under ASan a mail with a header of
# hundreds of kB folded lines takes a minute in GMime (ASan's realloc
# copies at every step of GMime's header buffer; the plain build reads
# it in a quarter of a second), so fuzz_report runs are also made with
# 256 kB to fuzz past that.
set -u
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-60}
max_len=${FUZZ_MAX_LEN:-1048576}
corpora=${SENDWATCH_CORPORA:-$(pwd)/../shared/corpora}
[ $# -gt 0 ] || { echo "usage: fuzz.sh NAME..." >&2; exit 2; }

summary=""
status=0
for name in "$@"; do
	bin=build/fuzz/bin/$name
	[ -x "$bin" ] || { echo "fuzz: $bin is not built (make fuzz)" >&2; exit 2; }
	dir=build/fuzz/$name
	rm -rf "$dir/corpus"
	mkdir -p "$dir/corpus"
	for s in $(awk -v n="$name" '$1 == n { $1 = ""; print }' tests/fuzz/seeds.txt) \
	    "tests/fuzz/crashes/$name"; do
		s=$(printf '%s' "$s" | sed "s|\\\$CORPORA|$corpora|")
		case $s in
		lines:*) split -l 1 -a 5 "${s#lines:}" "$dir/corpus/line-" ;;
		*) [ -e "$s" ] && find "$s" -type f -exec cp {} "$dir/corpus/" \; ;;
		esac
	done
	echo "fuzz: $name for ${secs}s from $(ls "$dir/corpus" | wc -l) seeds"
	(cd "$dir" && "../bin/$name" -max_total_time="$secs" -timeout=60 \
		-rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1 corpus \
		>log 2>&1)
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n 1)
	if [ $rc -ne 0 ]; then
		status=1
		summary="$summary
$name: FOUND A PROBLEM after ${execs:-?} executions: $dir/log, $(ls "$dir" | grep -E '^(crash|leak|timeout|oom)-' | head -n 1)"
	else
		summary="$summary
$name: ${execs:-?} executions in ${secs}s, no finding"
	fi
done
echo "$summary"
exit $status
