#!/bin/bash
# scry probe on libc by its public names, with glibc's separate debug file
# (libc6-dbg, found by build-id): malloc is __libc_malloc in the DWARF (one
# address, two symbols), so 'malloc bytes' reads the DWARF parameter, -V and
# -L find the function; a recording of tests/progs/probe-libc's mallocs
# shows exactly the sizes it allocated. Then -s (sources moved since the
# build: a copy of a tests/progs source, glibc's own from glibc-source),
# -F with --filter, -D (= -n), --max-probes. perf probe 6.1 is the oracle
# where it works. Probes live in group pxlibc (this test's own).
. "$(dirname "$0")/lib.sh"
need_root
UPROBES=/sys/kernel/tracing/uprobe_events
[ -w "$UPROBES" ] || skip_all "no writable $UPROBES (kernel without CONFIG_UPROBE_EVENTS)"

PROG=$PROGS/probe-libc
LIBC=$(ldd "$PROG" | awk '$1 ~ /^libc\.so/ { print $3 }')
[ -n "$LIBC" ] && LIBC=$(readlink -f "$LIBC")
[ -r "$LIBC" ] || skip_all "cannot find the libc $PROG uses"
ID=$(readelf -n "$LIBC" 2>/dev/null | sed -n 's/.*Build ID: *\([0-9a-f]*\).*/\1/p')
DBG=/usr/lib/debug/.build-id/${ID:0:2}/${ID:2}.debug
[ -n "$ID" ] && [ -r "$DBG" ] || skip_all "no debug file for $LIBC ($DBG): install libc6-dbg (make deps)"
PERF=0
command -v perf > /dev/null 2>&1 && perf probe -x "$LIBC" -D malloc > /dev/null 2>&1 && PERF=1

ours() { grep -E '^[pr]:pxlibc/' "$UPROBES"; }
cleanup_probes() { ours | sed -E 's/^[pr]:([^ ]+).*/-:\1/' | sort -u >> "$UPROBES"; }
trap 'cleanup_probes; cleanup' EXIT
cleanup_probes

# ---- malloc, an alias of a DWARF function -----------------------------------
# Where malloc is: the symbol's address (libc's text is mapped at offset =
# address), perf's place.
sym=$(readelf -Ws --dyn-syms "$LIBC" | awk '$8 ~ /^malloc@@/ { print $2; exit }')
run_ok "-D 'malloc bytes'" "$SCRY" probe -x "$LIBC" -D 'pxlibc:malloc=malloc bytes' > "$T/d.out"
is "$(cat "$T/d.out")" "p:pxlibc/malloc $LIBC:0x$(echo "$sym" | sed 's/^0*//') bytes=%di:u64" \
	"malloc's definition: at the symbol, bytes from DWARF (%di, size_t)"
if [ $PERF = 1 ]; then
	perf probe -x "$LIBC" -D malloc 2>/dev/null | awk '{ print $2 }' > "$T/perf.d"
	is "$(awk '{ print $2 }' "$T/d.out")" "$(cat "$T/perf.d")" "malloc's address is perf probe's"
else
	skip "perf probe does not work here"
fi
is "$(ours | wc -l)" 0 "-D writes nothing"
run_ok "-n is -D" "$SCRY" probe -x "$LIBC" -n -a 'pxlibc:malloc=malloc bytes' -a 'pxlibc:free=free mem' > "$T/n.out"
run_ok "two -D" "$SCRY" probe -x "$LIBC" -D 'pxlibc:malloc=malloc bytes' -D 'pxlibc:free=free mem' > "$T/d2.out"
is "$(cat "$T/d2.out")" "$(cat "$T/n.out")" "-D prints what -n does"
is "$(wc -l < "$T/d2.out")" 2 "one definition per -D"

# -V: the DWARF function's variables at malloc, as perf shows them.
run_ok "-V malloc" "$SCRY" probe -x "$LIBC" -V malloc > "$T/v.out"
has_line "$T/v.out" "$(printf '\t\tsize_t\tbytes')" "-V malloc lists bytes (size_t)"
has_line "$T/v.out" "$(printf '\t@<__libc_malloc+0>')" "-V malloc: the place in __libc_malloc"
if [ $PERF = 1 ]; then
	perf probe -x "$LIBC" -V malloc > "$T/perf.v" 2>&1
	is "$(cat "$T/v.out")" "$(cat "$T/perf.v")" "-V malloc is perf probe's"
else
	skip "perf probe does not work here"
fi
run_ok "-V malloc --filter 'b*'" "$SCRY" probe -x "$LIBC" -V malloc --filter 'b*' > "$T/vf.out"
is "$(grep -c "$(printf '^\t\t')" "$T/vf.out")" 1 "--filter with -V: only bytes"

# ---- record the mallocs of probe-libc --------------------------------------
run_ok "add pxlibc:malloc" "$SCRY" probe -x libc 'pxlibc:malloc=malloc bytes' > "$T/add.out"
has_line "$T/add.out" "  pxlibc:malloc        (on malloc in $LIBC with bytes)" "the added event, perf's summary line"
run_ok "record -e pxlibc:malloc" "$SCRY" record -q -e pxlibc:malloc -o "$T/m.data" -- "$PROG" > "$T/prog.out"
sed -n 's/^malloc //p' "$T/prog.out" | sort -n > "$T/want"
is "$(wc -l < "$T/want")" 10 "the program made its ten mallocs"
"$SCRY" script -i "$T/m.data" 2> "$T/script.err" > "$T/script.out"
stderr_ok "$T/script.err" "scry script" $?
sed -n 's/.* pxlibc:malloc: ([0-9a-f]*) bytes=\([0-9]*\)$/\1/p' "$T/script.out" | sort -n > "$T/got"
is "$(cat "$T/got")" "$(cat "$T/want")" "scry script: exactly the sizes the program allocated (bytes=)"
if [ $PERF = 1 ]; then
	oracle_ok "perf script" perf script -i "$T/m.data" > "$T/perf.script"
	sed -n 's/.* pxlibc:malloc: ([0-9a-f]*) bytes=\([0-9]*\)$/\1/p' "$T/perf.script" | sort -n > "$T/pgot"
	is "$(cat "$T/pgot")" "$(cat "$T/want")" "perf script on the same file: the same sizes"
else
	skip "perf probe does not work here"
fi
run_ok "-d pxlibc:malloc" "$SCRY" probe -q -d 'pxlibc:malloc'
is "$(ours | wc -l)" 0 "the probe is gone"

# ---- -L and -s ----------------------------------------------------------------
# A tests/progs source compiled in $T/src, then moved: -L needs -s.
mkdir -p "$T/src"
cp "$(dirname "$0")/../progs/probe-libc.c" "$T/src/"
cc -O0 -g -o "$T/plbin" "$T/src/probe-libc.c"
mv "$T/src" "$T/moved"
WANT_STATUS=1 STDERR_OK="^scry: probe: cannot read the source file $T/src/probe-libc.c of main: No such file or directory \(-s DIR: where the sources are now\)\$" \
	run_ok "-L main, the source moved: says so" "$SCRY" probe -x "$T/plbin" -L main > "$T/l0.out"
run_ok "-s DIR -L main" "$SCRY" probe -x "$T/plbin" -s "$T/moved" -L main > "$T/l1.out"
is "$(head -1 "$T/l1.out")" "<main@$T/moved/probe-libc.c:0>" "-s: the file found under DIR"
n=$(grep -n 'keep\[i\] = malloc(sizes\[i\]);' "$T/moved/probe-libc.c" | cut -d: -f1)
decl=$(grep -n '^int main(void)' "$T/moved/probe-libc.c" | cut -d: -f1)
like "$T/l1.out" "^ +$((n - decl))  [[:space:]]+keep\[i\] = malloc\(sizes\[i\]\);\$" "-s: the malloc line, numbered from main"
if [ $PERF = 1 ]; then
	perf probe -x "$T/plbin" -s "$T/moved" -L main > "$T/perf.l1" 2>&1
	is "$(tail -n +2 "$T/l1.out")" "$(tail -n +2 "$T/perf.l1")" "-s -L main: perf probe's lines"
	perf probe -x "$T/plbin" -s "$T/moved" -D 'main;*pl_twice(v)*' > "$T/perf.lazy" 2>&1
else
	skip "perf probe does not work here"
fi
run_ok "-s with ;PATTERN" "$SCRY" probe -x "$T/plbin" -s "$T/moved" -D 'main;*pl_twice(v)*' > "$T/lazy.out"
like "$T/lazy.out" "^p:probe_plbin/main $T/plbin:0x[0-9a-f]+\$" "-s ;PATTERN: the pl_twice lines' places"
[ $PERF = 1 ] && is "$(cat "$T/lazy.out")" "$(cat "$T/perf.lazy")" "-s ;PATTERN: perf probe's definitions"
WANT_STATUS=1 STDERR_OK="^scry: probe: -s $T/nowhere: No such file or directory\$" \
	run_ok "-s on no directory: an error" "$SCRY" probe -x "$T/plbin" -s "$T/nowhere" -L main

# glibc's malloc.c from glibc-source (one file out of the tarball, a second).
TARBALL=$(ls /usr/src/glibc/glibc-*.tar.xz 2>/dev/null | head -1)
if [ -n "$TARBALL" ] && mkdir -p "$T/glibc" && tar -xJf "$TARBALL" -C "$T/glibc" --wildcards '*/malloc/malloc.c' 2>/dev/null; then
	G=$(ls -d "$T"/glibc/glibc-*)
	run_ok "-s GLIBC -L malloc" "$SCRY" probe -x libc -s "$G" -L malloc > "$T/lm.out"
	is "$(head -2 "$T/lm.out")" "<malloc@$G/./malloc/malloc.c:0>
      0  __libc_malloc (size_t bytes)" "-L malloc: __libc_malloc's lines from glibc's source"
	if [ $PERF = 1 ]; then
		perf probe -x "$LIBC" -s "$G" -L malloc > "$T/perf.lm" 2>&1
		is "$(tail -n +2 "$T/lm.out")" "$(tail -n +2 "$T/perf.lm")" "-s -L malloc: perf probe's lines"
	else
		skip "perf probe does not work here"
	fi
else
	skip "no glibc source tarball in /usr/src/glibc (install glibc-source: make deps)"
fi

# ---- -F, --filter ----------------------------------------------------------------
run_ok "-F --filter '*alloc*'" "$SCRY" probe -x libc --funcs --filter '*alloc*' > "$T/f1.out"
run_ok "-F '*alloc*'" "$SCRY" probe -x libc -F '*alloc*' > "$T/f2.out"
is "$(cat "$T/f1.out")" "$(cat "$T/f2.out")" "--filter is -F's filter"
has_line "$T/f1.out" "malloc" "--filter '*alloc*' lists malloc"
has_line "$T/f1.out" "__libc_malloc" "... and __libc_malloc (the filter replaces the default '!_*')"
unlike "$T/f1.out" '^[^a]*$|^([^a]|a[^l]|al[^l])*$' "... and only names with 'alloc'"
run_ok "-F '*alloc* & !_*'" "$SCRY" probe -x libc -F '*alloc* & !_*' > "$T/f3.out"
is "$(cat "$T/f3.out")" "$(grep -v '^_' "$T/f2.out")" "'&' and '!' combine globs"
run_ok "-F 'malloc' --filter 'free'" "$SCRY" probe -x libc -F malloc --filter free > "$T/f4.out"
is "$(cat "$T/f4.out")" "free
malloc" "two filters are or'ed (perf's rule)"
run_ok "-F default on probe-libc" "$SCRY" probe -x "$PROG" -F > "$T/f5.out"
has_line "$T/f5.out" main "-F lists main"
unlike "$T/f5.out" '^_|@plt$' "the default filter hides _* and *@plt"
if [ $PERF = 1 ]; then
	perf probe -x "$PROG" -F '*' > "$T/perf.f6" 2>&1
	"$SCRY" probe -x "$PROG" -F '*' > "$T/f6.out"
	is "$(cat "$T/f6.out")" "$(cat "$T/perf.f6")" "-F '*' is perf probe's"
	perf probe -x "$PROG" -F 'm* | w*' > "$T/perf.f7" 2>&1
	"$SCRY" probe -x "$PROG" -F 'm* | w*' > "$T/f7.out"
	is "$(cat "$T/f7.out")" "$(cat "$T/perf.f7")" "-F 'm* | w*' is perf probe's"
else
	skip "perf probe does not work here"
fi
usage_error "a bad filter is a usage error" "bad filter '\(a': '\(' without its '\)'" \
	"$SCRY" probe -x libc -F '(a'
usage_error "--filter without -F or -V" "--filter goes with -F or -V" \
	"$SCRY" probe -x libc --filter 'a*' -L malloc

# ---- --max-probes --------------------------------------------------------------------
run_ok "-D pl_twice" "$SCRY" probe -x "$PROG" -D 'pxlibc:tw=pl_twice' > "$T/mp.out"
is "$(wc -l < "$T/mp.out")" 3 "pl_twice, inlined three times: three places"
run_ok "--max-probes 3" "$SCRY" probe -x "$PROG" --max-probes 3 -D 'pxlibc:tw=pl_twice' > "$T/mp3.out"
is "$(wc -l < "$T/mp3.out")" 3 "--max-probes 3 allows them"
WANT_STATUS=1 STDERR_OK="^scry: probe: 'pxlibc:tw=pl_twice' resolved to 3 places, more than --max-probes 2 allows\$" \
	run_ok "--max-probes 2: an error" "$SCRY" probe -x "$PROG" --max-probes 2 'pxlibc:tw=pl_twice' > "$T/mp2.out"
is "$(ours | wc -l)" 0 "--max-probes 2: nothing added"
if [ $PERF = 1 ]; then
	perf probe -x "$PROG" --max-probes 2 -D pl_twice > /dev/null 2>&1
	is $? 254 "perf probe refuses it too"
fi
usage_error "--max-probes 0" "--max-probes 0" "$SCRY" probe -x "$PROG" --max-probes 0 -D pl_twice

is "$(ours | wc -l)" 0 "no pxlibc probe left"
done_testing
