#!/bin/bash
# --call-graph dwarf: scry unwinds the user stack a sample carries. The
# program (unwind-deep, -O2 -fomit-frame-pointer) spends its time in
# main -> uw_a -> uw_b -> uw_c -> uw_leaf; a sample in uw_leaf must show that
# whole chain, in scry script and in perf script of scry's file, and scry
# script must unwind perf's own dwarf files. Frame-pointer callchains (-g)
# of the same binary must NOT find the chain: the unwinder does the work.
. "$(dirname "$0")/lib.sh"
need_root
DEEP="$PROGS/unwind-deep"
DF="$PROGS/unwind-debugframe"
FULL="uw_leaf,uw_c,uw_b,uw_a,main"

have_perf=0
command -v perf >/dev/null && have_perf=1

# One line per sample: its frames' symbols, leaf first, comma-separated.
chains() {
	awk 'BEGIN { RS = "" } {
		n = split($0, l, "\n"); s = ""
		for (i = 2; i <= n; i++) {
			split(l[i], f, " "); sym = f[2]; sub(/\+0x[0-9a-f]+$/, "", sym)
			s = s (s == "" ? "" : ",") sym
		}
		print s
	}' "$1"
}

# Per sample of a perf/scry script output: "TIME frame,frame,...", sorted by
# TIME for join(1), with inlined frames and __libc_start_main left out and
# a repeated name counted once.
by_time() {
	awk 'BEGIN { RS = "" } {
		n = split($0, l, "\n"); t = ""; s = ""; last = ""
		k = split(l[1], h, " "); for (i = 1; i <= k; i++) if (h[i] ~ /^[0-9]+\.[0-9]+:$/) t = h[i]
		for (i = 2; i <= n; i++) {
			if (l[i] ~ /\(inlined\)/) continue
			split(l[i], f, " "); sym = f[2]; sub(/\+0x[0-9a-f]+$/, "", sym)
			if (sym ~ /^__libc_start_main/ || sym == last) continue
			s = s (s == "" ? "" : ",") sym; last = sym
		}
		if (t != "" && s != "") print t, s
	}' | sort -k1,1
}

# check_chains FILE WHAT: most uw_leaf samples show the full chain.
check_chains() {
	chains "$1" > "$1.chains"
	leaf=$(grep -c '^uw_leaf' "$1.chains")
	full=$(grep -c "^$FULL," "$1.chains")
	if [ "$leaf" -ge 100 ] && [ $((full * 100)) -ge $((leaf * 90)) ]; then
		pass "$2: $full of $leaf samples in uw_leaf show $FULL"
	else
		fail "$2: $full of $leaf samples in uw_leaf show $FULL (want >= 90% of >= 100)" \
			"$(grep '^uw_leaf' "$1.chains" | sort | uniq -c | sort -rn | head -3)"
	fi
}

# ---- scry's dwarf file -------------------------------------------------------------
run_ok "record --call-graph dwarf: exits with the program's status" \
	"$SCRY" record -q -F 999 --call-graph dwarf -o "$T/s.data" -- "$DEEP" 1000 > "$T/deep.out"
"$SCRY" script -i "$T/s.data" --show-stats > "$T/s.txt" 2> "$T/s.err"
STDERR_OK='^scry script: ' stderr_ok "$T/s.err" "scry script reads it (stderr: the --show-stats lines alone)" "$?"
check_chains "$T/s.txt" "scry script"
like "$T/s.txt" "^	 *[0-9a-f]+ uw_c\+0x[0-9a-f]+ \($DEEP\)\$" "unwound frames are printed like callchain frames"
like "$T/s.err" "dwarf unwinding: [0-9]+ samples, [0-9]+ complete" "--show-stats counts the unwinding"
run_ok "script --json" "$SCRY" script -i "$T/s.data" --json > "$T/s.json"
if grep -m1 '"sym":"uw_leaf"' "$T/s.json" | grep -q '"sym":"uw_c".*"sym":"uw_b".*"sym":"uw_a".*"sym":"main"'; then
	pass "--json: the callchain array holds the unwound frames"
else
	fail "--json: no unwound chain" "$(grep -m1 uw_leaf "$T/s.json" | cut -c1-300)"
fi
run_ok "script -F without callchain" "$SCRY" script -i "$T/s.data" -F comm,tid,time,event,ip,sym > "$T/nocc.txt"
unlike "$T/nocc.txt" "uw_c\+" "without the callchain field, nothing is unwound or shown"

# compressed (-z) and through a pipe: the same unwinding
run_ok "record -z --call-graph dwarf" "$SCRY" record -q -z -F 999 --call-graph dwarf -o "$T/z.data" -- "$DEEP" 500 > /dev/null
run_ok "script of the -z file" "$SCRY" script -i "$T/z.data" > "$T/z.txt"
check_chains "$T/z.txt" "record -z: scry script"
# -o -: the program's own stdout goes to stderr, out of the data's way.
"$SCRY" record -q -F 999 --call-graph dwarf -o - -- "$DEEP" 500 2> "$T/pipe.rec" | "$SCRY" script -i - > "$T/pipe.txt" 2> "$T/pipe.err"
STDERR_OK='^unwind-deep [0-9]+ rounds' stderr_ok "$T/pipe.rec" "record -o -: only the program's output on stderr"
stderr_ok "$T/pipe.err" "script -i -: nothing on stderr"
check_chains "$T/pipe.txt" "record -o - | script -i -"

# ---- .debug_frame only --------------------------------------------------------------
run_ok "record of the .debug_frame program" "$SCRY" record -q -F 999 --call-graph dwarf -o "$T/df.data" -- "$DF" 800 > /dev/null
run_ok "script of it" "$SCRY" script -i "$T/df.data" > "$T/df.txt"
check_chains "$T/df.txt" "CFI in .debug_frame only (-fno-asynchronous-unwind-tables)"

# ... kept in a separate debug file (.gnu_debuglink), the binary stripped
if command -v objcopy >/dev/null && command -v strip >/dev/null; then
	mkdir "$T/dbg" && cp "$DF" "$T/dbg/df" &&
		objcopy --only-keep-debug "$T/dbg/df" "$T/dbg/df.debug" && strip -g "$T/dbg/df" &&
		objcopy --add-gnu-debuglink="$T/dbg/df.debug" "$T/dbg/df"
	run_ok "record of the stripped program" "$SCRY" record -q -F 999 --call-graph dwarf -o "$T/dbg.data" -- "$T/dbg/df" 800 > /dev/null
	run_ok "script of it" "$SCRY" script -i "$T/dbg.data" > "$T/dbg.txt"
	check_chains "$T/dbg.txt" ".debug_frame in the separate debug file of a stripped binary"
else
	for i in 1 2 3; do skip "objcopy/strip (binutils) missing: no stripped-binary test"; done
fi

# ---- through the vdso (its tables come from scry's own, same kernel) -------------------
run_ok "record of unwind-vdso" "$SCRY" record -q -F 999 --call-graph dwarf -o "$T/vdso.data" -- "$PROGS/unwind-vdso" 800 > /dev/null
run_ok "script of it" "$SCRY" script -i "$T/vdso.data" > "$T/vdso.txt"
chains "$T/vdso.txt" > "$T/vdso.chains"
in_vdso=$(grep -c '^__vdso_clock_gettime' "$T/vdso.chains")
through=$(grep -cE '^__vdso_clock_gettime,(.*,)?uw_clock_loop,main,' "$T/vdso.chains")
if [ "$in_vdso" -ge 50 ] && [ $((through * 100)) -ge $((in_vdso * 90)) ]; then
	pass "vdso: $through of $in_vdso samples in __vdso_clock_gettime reach uw_clock_loop and main"
else
	fail "vdso: $through of $in_vdso samples in __vdso_clock_gettime reach uw_clock_loop and main" \
		"$(grep '^__vdso' "$T/vdso.chains" | sort | uniq -c | sort -rn | head -3)"
fi

# ---- attaching: the maps come from /proc --------------------------------------------
"$DEEP" 1500 > /dev/null &
BG_PIDS="$BG_PIDS $!"
sleep 0.3
run_ok "record -p until the process exits" "$SCRY" record -q -F 999 --call-graph dwarf -o "$T/p.data" -p $! > /dev/null
wait
run_ok "script of the -p file" "$SCRY" script -i "$T/p.data" > "$T/pa.txt"
check_chains "$T/pa.txt" "record -p (synthesized maps): scry script"

# ---- frame pointers cannot do it -------------------------------------------------------
run_ok "record -g of unwind-deep" "$SCRY" record -q -F 999 -g -o "$T/fp.data" -- "$DEEP" 800 > /dev/null
run_ok "script of it" "$SCRY" script -i "$T/fp.data" > "$T/fp.txt"
chains "$T/fp.txt" > "$T/fp.chains"
leaf=$(grep -c '^uw_leaf' "$T/fp.chains")
full=$(grep -c "^$FULL," "$T/fp.chains")
if [ "$leaf" -ge 100 ] && [ $((full * 100)) -lt $((leaf * 10)) ]; then
	pass "control: -g (frame pointers) on the same binary: only $full of $leaf uw_leaf samples show the chain"
else
	fail "control: -g shows the chain in $full of $leaf uw_leaf samples (the binary should have no frame pointers)"
fi

# ---- damaged stacks ------------------------------------------------------------------------
# Scribble on bytes past the header: nearly all of a dwarf file is stack copies.
cp "$T/s.data" "$T/bad.data"
size=$(stat -c %s "$T/bad.data")
perl -e 'srand(5); open(my $f, "+<", $ARGV[0]) or die; for (1..3000) {
	seek($f, 4096 + int(rand($ARGV[1] - 8192)), 0); print $f pack("Q", int(rand(2**48))); }' "$T/bad.data" "$size"
"$SCRY" script -i "$T/bad.data" > "$T/bad.txt" 2> "$T/bad.err"
rc=$?
# A scribble can also land on a record header (where depends on the file's
# layout): then the run must end with one error line naming the offset.
if [ "$rc" -lt 128 ] && [ "$(grep -c ' cpu-clock: ' "$T/bad.txt")" -ge 100 ]; then
	pass "scribbled stacks: scry script finishes (exit $rc) and still prints the samples"
elif [ "$rc" -eq 1 ] && [ "$(grep -v '^scry: warning:' "$T/bad.err" | grep -c '^scry: .*offset 0x[0-9a-f]*: ')" -eq 1 ]; then
	pass "scribbled stacks: a scribbled record header ends the run with one error line naming the offset"
else
	fail "scribbled stacks: exit $rc" "$(tail -2 "$T/bad.err")"
fi
unlike "$T/bad.err" "Sanitizer|runtime error" "... with no sanitizer report (under SANITIZE=1)"

# ---- perf ---------------------------------------------------------------------------------
if [ $have_perf = 1 ]; then
	oracle_ok "perf script reads scry's dwarf file" perf script -i "$T/s.data" > "$T/perf-s.txt"
	check_chains "$T/perf-s.txt" "perf script on scry's file"
	oracle_ok "perf script reads scry's -p file" perf script -i "$T/p.data" > "$T/perf-p.txt"
	check_chains "$T/perf-p.txt" "perf script on scry's -p file"
	oracle_ok "perf record --call-graph dwarf" perf record -q -F 999 --call-graph dwarf -o "$T/perf.data" -- "$DEEP" 1000 > /dev/null
	run_ok "scry script reads perf's dwarf file" "$SCRY" script -i "$T/perf.data" > "$T/sp.txt"
	check_chains "$T/sp.txt" "scry script on perf record --call-graph dwarf"
	# Sample by sample, on both files: every frame perf's unwinder finds,
	# scry finds, in the same order. perf 6.1 now and then drops a caller
	# that is there (printf between __vfprintf_internal and main, mmap64
	# above a syscall, once in a while __libc_start_call_main), so scry may
	# hold more frames than perf, never fewer or others. Inlined frames
	# (perf adds them, scry only with --inline) and __libc_start_main (a
	# versioned alias perf names differently) are left out; repeats of one
	# name (an inlined call_init) count once.
	for f in s perf; do
		perf script -i "$T/$f.data" 2> "$T/perf.err" | by_time > "$T/$f.pt"
		"$SCRY" script -i "$T/$f.data" 2> "$T/$f.serr" | by_time > "$T/$f.st"
		stderr_ok "$T/$f.serr" "$f.data: scry script, nothing on stderr"
		r=$(join "$T/$f.pt" "$T/$f.st" | awk '{ n++; split($2, p, ","); split($3, s, ","); j = 1
			for (i = 1; i in p; i++) { while (j in s && s[j] != p[i]) j++; if (!(j in s)) { bad++; if (!ex) ex = $0; next } j++ }
			if ($2 == $3) same++ } END { printf "%d %d %d %s", n, same, bad, ex }')
		set -- $r
		if [ "${1:-0}" -ge 200 ] && [ "$3" = 0 ] && [ "$1" = "$(wc -l < "$T/$f.pt")" ]; then
			pass "$f.data: each of $1 samples holds every frame perf unwinds, in order ($2 identical)"
		else
			fail "$f.data: ${3:-?} of ${1:-0} samples lack frames perf unwinds" "first: ${4:-} ${5:-} ${6:-}"
		fi
	done
else
	skip "perf is not installed: no comparison with perf script"
fi
done_testing
