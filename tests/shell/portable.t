#!/bin/bash
# Portable files ("collect on prod, report on a laptop"): scry record
# carries the symbols of what the samples hit (and, for --call-graph dwarf,
# the unwind tables) in a feature section of its own. Programs are built
# into a temporary directory, recorded, and the directory is deleted: scry
# report and scry script, run with HOME elsewhere and SCRY_KALLSYMS (a test
# hook standing for another machine's kernel) pointing nowhere, must print
# exactly what they printed before. Also: perf still reads the files; the
# section is absent with --no-embed and in a pipe; a damaged section gives
# one warning and the report of the samples goes on.
. "$(dirname "$0")/lib.sh"
need_root
command -v gcc >/dev/null || skip_all "needs gcc to build the programs"
SRC="$(cd "$(dirname "$0")/../progs" && pwd)"
W="$T/build"            # "the recording machine's" binaries
mkdir -p "$W" "$T/elsewhere"

build() {       # build NAME SOURCE: with the source's own "// cflags:" line
	gcc $(sed -n 's|^// cflags: ||p' "$SRC/$2") -Wall -D_GNU_SOURCE -o "$W/$1" "$SRC/$2" -lpthread
}
build deep unwind-deep.c && build tree report-tree.c || skip_all "cannot build the test programs"

# The offset and size of the portable section (feature bit 200, the last
# one set: its entry is the last of the feature table after the data).
section() {
	perl -e 'open(F, "<", $ARGV[0]) or die; binmode F; read(F, $h, 104) == 104 or die;
		my ($doff, $dsize) = unpack("Q<Q<", substr($h, 40, 16));
		my $bits = unpack("b*", substr($h, 72, 32)); my $n = ($bits =~ tr/1//);
		substr($bits, 200, 1) eq "1" or do { print "none\n"; exit 0 };
		seek(F, $doff + $dsize + 16 * ($n - 1), 0); read(F, $e, 16) == 16 or die;
		my ($o, $s) = unpack("Q<Q<", $e); print "$o $s\n";' "$1"
}

# ---- record on "the production machine" ------------------------------------------
"$SCRY" record -F 999 -g -o "$T/fp.data" -- "$W/tree" 800 > /dev/null 2> "$T/fp.rec"
is "$?" 0 "record -g of a program in a temporary directory"
like "$T/fp.rec" '^\[ scry record: embedded symbols for [0-9]+ DSOs? .*\([0-9]+ KB, [0-9]+ ms\) \]$' \
	"the summary says how much was embedded"
STDERR_OK="^\\[ scry record: |$CYCLES_FALLBACK" stderr_ok "$T/fp.rec" "... and stderr holds the summary alone"
"$SCRY" record -F 999 --call-graph dwarf -o "$T/dw.data" -- "$W/deep" 800 > /dev/null 2> "$T/dw.rec"
is "$?" 0 "record --call-graph dwarf"
like "$T/dw.rec" 'embedded symbols for [0-9]+ DSOs.*, unwind tables for [0-9]+ \(' "dwarf: unwind tables embedded too"
STDERR_OK="^\\[ scry record: |$CYCLES_FALLBACK" stderr_ok "$T/dw.rec" "... and stderr holds the summary alone"
# Kernel symbols: a command that lives in the kernel (its samples are
# named from the embedded kallsyms lines once SCRY_KALLSYMS hides ours).
# (dd's own summary is on stderr.)
KCMD="dd if=/dev/zero of=/dev/null bs=64 count=400000"
DD_SAYS='^[0-9]+\+[0-9]+ records (in|out)$|^[0-9]+ bytes .* copied'
STDERR_OK=$DD_SAYS run_ok "record -g of a syscall-heavy command" "$SCRY" record -q -F 999 -g -o "$T/k.data" -- $KCMD
STDERR_OK=$DD_SAYS run_ok "record -g --no-embed of it" "$SCRY" record -q -F 999 -g --no-embed -o "$T/kne.data" -- $KCMD
run_ok "record --no-embed" "$SCRY" record -q -F 999 --no-embed --call-graph dwarf -o "$T/ne.data" -- "$W/deep" 400 > /dev/null
is "$(section "$T/ne.data")" "none" "--no-embed: no portable section"
# -o -: the program's own stdout goes to stderr, out of the data's way.
STDERR_OK='^rounds [0-9]+$' run_ok "record -o -" "$SCRY" record -q -F 999 -g -o - -- "$W/tree" 200 > "$T/pipe.data"
# (section() dies on a pipe's short header: that is "none" too.)
is "$(section "$T/pipe.data" 2>/dev/null || echo none)" "none" "a pipe (-o -) carries no portable section"
run_ok "report --header-only of the pipe's data" "$SCRY" report -i "$T/pipe.data" --header-only > "$T/pipe.hdr"
unlike "$T/pipe.hdr" "scry portable" "... and report --header says nothing of one"

for f in fp dw; do
	read -r off size <<< "$(section "$T/$f.data")"
	fsize=$(stat -c %s "$T/$f.data")
	echo "# $f: portable section $size bytes of a $fsize-byte file ($((size * 100 / fsize))%)"
done

run_ok "report --header-only" "$SCRY" report -i "$T/dw.data" --header-only > "$T/dw.hdr"
like "$T/dw.hdr" "^# scry portable : [0-9]+ entries" "report --header lists the section"
like "$T/dw.hdr" "^#   elf +[0-9a-f]{40} $W/deep, [0-9]+ bytes .*symbols \+ unwind tables" "... with the program, its build-id and unwind tables"
run_ok "script --header-only" "$SCRY" script -i "$T/fp.data" --header-only > "$T/fp.hdr"
like "$T/fp.hdr" "^#   elf +[0-9a-f]{40} $W/tree, [0-9]+ bytes .*symbols$" "script --header too (-g: symbols only)"

# perf skips the section (feature bit 200), in report and script alike.
if command -v perf >/dev/null; then
	for f in fp dw; do
		perf report --stdio -i "$T/$f.data" > "$T/$f.perf" 2> "$T/$f.perf.err"
		rc=$?
		if [ $rc -eq 0 ] && [ ! -s "$T/$f.perf.err" ]; then pass "perf report reads the $f file, no warnings"
		else fail "perf report on the $f file: exit $rc" "$(head -3 "$T/$f.perf.err")"; fi
		perf script -F tid,time -i "$T/$f.data" > "$T/$f.pscript" 2> "$T/$f.perf.err"
		rc=$?
		run_ok "scry script -F tid,time of the $f file" "$SCRY" script -F tid,time -i "$T/$f.data" > "$T/$f.sscript"
		if [ $rc -eq 0 ] && [ ! -s "$T/$f.perf.err" ]; then pass "perf script reads the $f file, no warnings"
		else fail "perf script on the $f file: exit $rc" "$(head -3 "$T/$f.perf.err")"; fi
		is "$(wc -l < "$T/$f.pscript")" "$(wc -l < "$T/$f.sscript")" "perf script and scry script: the same sample count ($f)"
	done
	perf report --header-only -i "$T/dw.data" > /dev/null 2> "$T/perfh.err"
	is "$?:$(wc -c < "$T/perfh.err")" "0:0" "perf report --header-only: no complaint"
else
	skip "perf is not installed"
fi

# ---- what the recording machine reports ---------------------------------------------
views() {       # views SUFFIX ENV...: the outputs compared before and after
	local s=$1; shift
	env "$@" "$SCRY" report -i "$T/fp.data" --stdio > "$T/fp.rep.$s" 2> "$T/fp.rep.$s.err"
	env "$@" "$SCRY" report -i "$T/fp.data" --stdio --no-children --sort dso,sym > "$T/fp.nc.$s" 2>> "$T/fp.rep.$s.err"
	env "$@" "$SCRY" script -i "$T/fp.data" > "$T/fp.scr.$s" 2>> "$T/fp.rep.$s.err"
	env "$@" "$SCRY" report -i "$T/dw.data" --stdio --no-children > "$T/dw.rep.$s" 2> "$T/dw.rep.$s.err"
	env "$@" "$SCRY" script -i "$T/dw.data" > "$T/dw.scr.$s" 2>> "$T/dw.rep.$s.err"
	env "$@" "$SCRY" report -i "$T/k.data" --stdio --no-children --sort sym > "$T/k.rep.$s" 2>> "$T/fp.rep.$s.err"
}
views before HOME="$HOME"
is "$(cat "$T/fp.rep.before.err" "$T/dw.rep.before.err")" "" "no warnings on the recording machine"
like "$T/dw.rep.before" "DWARF unwinding: [0-9]+ samples" "dwarf report before: unwound"
grep -A7 '\[\.\] uw_leaf$' "$T/dw.rep.before" | tr -d ' |-' | tr '\n' , > "$T/dw.chain.before"
like "$T/dw.chain.before" "uw_leaf,uw_c,uw_b,uw_a,main," "before: main -> uw_a -> uw_b -> uw_c -> uw_leaf"

# ---- "the laptop": no binaries, another HOME, another kernel's symbols ------------
rm -rf "$W"
views after HOME="$T/elsewhere" SCRY_KALLSYMS=/nonexistent
for v in fp.rep fp.nc fp.scr dw.rep dw.scr k.rep; do
	if cmp -s "$T/$v.before" "$T/$v.after"; then pass "$v: identical output without the binaries"
	else fail "$v: output differs without the binaries" "$(diff "$T/$v.before" "$T/$v.after" | head -6)"; fi
done
is "$(cat "$T/fp.rep.after.err" "$T/dw.rep.after.err")" "" "no warnings"
like "$T/fp.nc.after" '\[\.\] hot$' "-g: the program's symbols are named"
if grep -q 'libc\.so\.6 ' "$T/fp.nc.before"; then
	unlike "$T/fp.nc.after" 'libc\.so\.6 +\[\.\] 0x' "... and libc's"
fi
grep -A7 '\[\.\] uw_leaf$' "$T/dw.rep.after" | tr -d ' |-' | tr '\n' , > "$T/dw.chain.after"
like "$T/dw.chain.after" "uw_leaf,uw_c,uw_b,uw_a,main," "dwarf: the full chain main -> ... -> uw_leaf"
# Kernel symbols came from the file: /nonexistent gives none of its own.
nk=$(grep -c '\[k\] [a-z_]' "$T/k.rep.after")
if [ "$nk" -ge 3 ]; then
	unlike "$T/k.rep.after" '\[k\] 0x[0-9a-f]+$' "$nk kernel symbols named from the embedded kernel symbols"
	run_ok "report of the --no-embed file with the hook" \
		env SCRY_KALLSYMS=/nonexistent "$SCRY" report -i "$T/kne.data" --stdio --no-children --sort sym > "$T/kne.rep"
	like "$T/kne.rep" '\[k\] 0x[0-9a-f]+$' "... which the hook really hides (--no-embed: unnamed)"
else
	fail "too few kernel samples named ($nk)" "$(head -20 "$T/k.rep.after")"
fi

# --no-embed, binary gone: nothing to name the program's addresses with.
run_ok "report of the --no-embed file, binary gone" "$SCRY" report -i "$T/ne.data" --stdio --no-children --sort dso,sym > "$T/ne.rep"
unlike "$T/ne.rep" 'uw_leaf' "--no-embed: the deleted program's symbols are gone"
like "$T/ne.rep" 'deep +\[\.\] 0x[0-9a-f]+$' "... its samples show addresses"

# A different program at the recorded path (another build-id): not used.
gcc -O0 -o "$T/other" "$SRC/report-tree.c" && mkdir -p "$W" && cp "$T/other" "$W/deep"
run_ok "report with another build at the path" "$SCRY" report -i "$T/dw.data" --stdio --no-children > "$T/dw.other"
if cmp -s "$T/dw.rep.before" "$T/dw.other"; then pass "a file of another build at the path: the embedded copy wins"
else fail "a file of another build changed the report" "$(diff "$T/dw.rep.before" "$T/dw.other" | head -6)"; fi
rm -rf "$W"

# --dump-embedded: the images, as files.
run_ok "script --dump-embedded DIR" "$SCRY" script -i "$T/dw.data" --dump-embedded "$T/dump" > "$T/dump.list"
img=$(awk -F'\t' -v p="$W/deep" '$2 == p { print $1 }' "$T/dump.list")
if [ -n "$img" ] && nm "$img" 2>/dev/null | grep -q ' uw_leaf$'; then pass "the program's image is an ELF file nm reads"
else fail "no readable image of the program" "$(cat "$T/dump.list")"; fi
like "$T/dump.list" "kallsyms.txt	\[kernel.kallsyms\]|vdso" "kernel symbols or the vdso are dumped too"

# ---- damaged sections: a warning, and the samples are still reported --------------
read -r off size <<< "$(section "$T/dw.data")"
samples=$(grep -m1 '^# Samples' "$T/dw.rep.before")
damage() {      # damage NAME WHAT: run report on $T/NAME and check
	"$SCRY" report -i "$T/$1" --stdio --no-children > "$T/$1.rep" 2> "$T/$1.err"
	rc=$?
	if [ $rc -eq 0 ] && grep -qxF "$samples" "$T/$1.rep"; then pass "$2: the samples are reported"
	else fail "$2: report exit $rc" "$(head -3 "$T/$1.err")"; fi
}
cp "$T/dw.data" "$T/flip.data"
printf '\xff\x00\xff\x00\xff\x00\xff\x00' | dd of="$T/flip.data" bs=1 seek=$((off + size / 2)) conv=notrunc status=none
damage flip.data "bytes flipped inside the section"
is "$(grep -c 'portable section' "$T/flip.data.err")" 1 "... with one warning"
like "$T/flip.data.err" 'portable section, offset 0x[0-9a-f]+: entry checksum mismatch' "... naming the offset and what is wrong"
cp "$T/dw.data" "$T/magic.data"
printf 'XXXX' | dd of="$T/magic.data" bs=1 seek=$off conv=notrunc status=none
damage magic.data "the section's magic overwritten"
like "$T/magic.data.err" 'bad magic' "... warned"
# The section cut short: its size in the feature table halved.
cp "$T/dw.data" "$T/short.data"
perl -e 'open(F, "+<", $ARGV[0]) or die; binmode F; read(F, $h, 104);
	my ($doff, $dsize) = unpack("Q<Q<", substr($h, 40, 16));
	my $n = (unpack("b*", substr($h, 72, 32)) =~ tr/1//);
	seek(F, $doff + $dsize + 16 * ($n - 1) + 8, 0); print F pack("Q<", int($ARGV[1] / 2));' \
	"$T/short.data" "$size"
damage short.data "the section cut short (its size halved)"
like "$T/short.data.err" 'portable section' "... warned"
# The file cut in the middle of the section: its features are gone.
head -c $((off + size / 2)) "$T/dw.data" > "$T/cut.data"
damage cut.data "the file cut inside the section"
"$SCRY" script -i "$T/flip.data" > "$T/flip.scr" 2> "$T/flip.scr.err"
is "$?:$(grep -c 'portable section' "$T/flip.scr.err")" "0:1" "script on the damaged section: exit 0, one warning"

done_testing
