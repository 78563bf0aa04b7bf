# fuzz_replay.sh -- replays every fuzz target's seeds (tests/fuzz/seeds.txt:
# the project's test data, the shared corpora, hand-made seeds) and every
# saved crash input (tests/fuzz/crashes/NAME/) through the parser under
# ASan/UBSan, with the gcc-built driver. A crash, leak or undefined
# behaviour fails the target; so does a target with no input.
. "${SENDWATCH_TOP:-.}/tests/lib.sh"
cd "${SENDWATCH_TOP:-.}" || exit 1
CORPORA=${SENDWATCH_CORPORA:-../shared/corpora}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	bin=build/fuzz-replay/$name
	line=$(awk -v n="$name" '$1 == n { $1 = ""; print }' tests/fuzz/seeds.txt)
	if [ -z "$line" ]; then
		fail "$name: has seeds in tests/fuzz/seeds.txt"
		continue
	fi
	set --
	for s in $line; do
		s=$(printf '%s' "$s" | sed "s|\\\$CORPORA|$CORPORA|")
		case $s in
		lines:*) set -- "$@" --lines "${s#lines:}" ;;
		*) set -- "$@" "$s" ;;
		esac
	done
	[ -d "tests/fuzz/crashes/$name" ] && set -- "$@" "tests/fuzz/crashes/$name"
	if [ ! -x "$bin" ]; then
		fail "$name: replay binary built" "$bin missing (make tests)"
		continue
	fi
	if timeout 600 "$bin" "$@" >"$tmp/$name.out" 2>&1; then
		ok "$name: $(sed -n 's/.*: \([0-9]*\) inputs replayed/\1/p' "$tmp/$name.out") inputs replayed, no crash, leak or UB"
	else
		fail "$name: replays its seeds cleanly" "$(tail -n 25 "$tmp/$name.out")"
	fi
done

done_testing
