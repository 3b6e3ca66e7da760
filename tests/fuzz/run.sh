#!/bin/sh
# Run libFuzzer harnesses: run.sh BUILD_DIR SECONDS NAME...
# Each NAME runs SECONDS on tests/fuzz/corpus/NAME without fuzz- (seeds, read only) and
# BUILD_DIR/corpus/NAME (what it finds, kept between runs). Prints one
# summary line per harness; exits non-zero when one crashed (the input is
# BUILD_DIR/crash-NAME-*, the log BUILD_DIR/NAME.log).
set -u
dir=$1 secs=$2
shift 2
src=$(cd "$(dirname "$0")" && pwd)
failed=0
# leaks inside the libraries scry links are not scry's (as for make test SANITIZE=1)
export LSAN_OPTIONS=suppressions=$src/../lsan.supp:print_suppressions=0
for name in "$@"; do
	bin=$dir/tests/fuzz/$name
	short=${name#fuzz-}
	mkdir -p "$dir/corpus/$name"
	seeds=
	[ -d "$src/corpus/$short" ] && seeds=$src/corpus/$short
	dict=
	[ -f "$src/$name.dict" ] && dict=-dict=$src/$name.dict
	before=$(ls "$dir"/crash-"$name"-* 2>/dev/null | wc -l)
	# the inputs that crashed it once come first: a regression fails at once
	if [ -d "$src/regress/$short" ]; then
		if ! "$bin" -timeout=20 -artifact_prefix="$dir/crash-$name-" "$src/regress/$short"/* \
			>"$dir/$name.regress.log" 2>&1 || [ "$(ls "$dir"/crash-"$name"-* 2>/dev/null | wc -l)" != "$before" ]; then
			echo "$name: a regression input crashes it again (see $dir/$name.regress.log)"
			failed=1
			continue
		fi
	fi
	# the CPU time it got is measured, not assumed: -max_total_time is
	# wall time, and a busy machine gives a harness less than that
	cpu=
	timer=
	[ -x /usr/bin/time ] && timer="/usr/bin/time -o $dir/$name.cpu -f %U+%S"
	$timer "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 $dict \
		-artifact_prefix="$dir/crash-$name-" "$dir/corpus/$name" $seeds >"$dir/$name.log" 2>&1
	rc=$?
	[ -n "$timer" ] && cpu=$(tail -1 "$dir/$name.cpu" | grep -E '^[0-9.]+\+[0-9.]+$' | bc 2>/dev/null)
	# a crash in a child process (tracing-data's vetting fork) leaves an
	# input behind without failing the run
	[ "$(ls "$dir"/crash-"$name"-* 2>/dev/null | wc -l)" = "$before" ] || rc=1
	stats=$(grep -aE '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$dir/$name.log" | tail -1)
	execs=$(grep -a '^stat::number_of_executed_units:' "$dir/$name.log" | grep -oE '[0-9]+$')
	printf '%-22s %s  execs %s  %s  cpu %ss\n' "$name" "$([ $rc = 0 ] && echo ok || echo CRASH)" "${execs:-?}" \
		"$(echo "$stats" | grep -o 'cov: [0-9]*')" "${cpu:-?}"
	[ $rc = 0 ] || { failed=1; grep -a -m3 -E 'ERROR|SUMMARY|runtime error' "$dir/$name.log"; }
done
exit $failed
