#!/bin/bash
# The include rule of util/ (README.md, Layout), checked over the source:
# - each subsystem folder util/SUB has a README.md with one line
#   "Includes: SUB1 SUB2 ..." (or "Includes: none"): the other subsystems
#   it may include; util/README.md has the line for the helpers in util/;
# - a file of util/SUB includes only util/SUB, the helpers (util/*.h),
#   arch/ and the subsystems its README lists; a helper only helpers,
#   arch/ and what util/README.md lists; arch/ only arch/ and the helpers;
# - util/ and arch/ never include a command (builtin.h, builtin-*.c, scry.c);
# - the READMEs' lists form no cycle, and neither do the files: no header
#   reaches itself through a chain of includes.
# Known exceptions are listed below; each is a TODO test until it is gone.
# Needs no build and no root: bash and awk over the tree. SCRY_SRC=DIR
# checks another tree (a copy with a violation added, to see it fail).
set -u
ROOT=${SCRY_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$ROOT" || { echo "1..0 # SKIP no source tree at $ROOT"; exit 0; }

# FILE INCLUDED WHY: an include that breaks the rule, known and on its way out.
KNOWN=(
)

N=0 FAILED=0
ok() { N=$((N + 1)); echo "ok $N - $1"; }
not_ok() {
	N=$((N + 1)); FAILED=$((FAILED + 1))
	echo "not ok $N - $1"
	shift
	for l in "$@"; do printf '%s\n' "$l" | sed 's/^/#   /'; done
}
check() { # MSG PROBLEMS: ok when PROBLEMS is empty
	if [ -z "$2" ]; then ok "$1"; else not_ok "$1" "${2%$'\n'}"; fi
}

# ---- the READMEs -------------------------------------------------------------------
SUBS=$(for d in util/*/; do [ -d "$d" ] && basename "$d"; done | sort | tr '\n' ' ')
declare -A ALLOW
for s in util $SUBS; do
	readme=util/$s/README.md
	[ "$s" = util ] && readme=util/README.md
	lines=$(grep -c '^Includes:' "$readme" 2>/dev/null)
	if [ "${lines:-0}" != 1 ]; then
		not_ok "$readme has one 'Includes:' line" "found ${lines:-no README}"
		ALLOW[$s]=""
		continue
	fi
	list=$(sed -n 's/^Includes://p' "$readme" | tr -s ' \t' ' ' | sed 's/^ //; s/ $//')
	[ "$list" = none ] && list=""
	bad=""
	for x in $list; do
		case " $SUBS " in *" $x "*) [ "$x" != "$s" ] || bad="$bad $x (itself)" ;; *) bad="$bad $x" ;; esac
	done
	check "$readme: '$s' may include: ${list:-only util/ and arch/}" "${bad:+not a subsystem of util/:$bad}"
	ALLOW[$s]=$list
done

# The READMEs' dependencies form no cycle.
cycles=$(for s in $SUBS; do for x in ${ALLOW[$s]}; do echo "$s $x"; done; done | awk '
	function dfs(n,   i, m, k, c) {
		state[n] = 1; stack[++sp] = n
		for (i = 1; i <= deg[n]; i++) {
			m = adj[n, i]
			if (state[m] == 1) {
				c = ""; for (k = sp; k >= 1 && stack[k] != m; k--) c = stack[k] " -> " c
				print m " -> " c m
			} else if (!state[m]) dfs(m)
		}
		sp--; state[n] = 2
	}
	{ adj[$1, ++deg[$1]] = $2; nodes[$1]; nodes[$2] }
	END { for (n in nodes) if (!state[n]) dfs(n) }')
check "the subsystems' Includes: lines form no cycle" "$cycles"

# ---- every include of util/ and arch/ -------------------------------------------------
# "FILE TARGET" for each #include "TARGET", TARGET resolved to a path of the
# tree when it names a file next to FILE.
FILES=$(find util arch -type f \( -name '*.c' -o -name '*.h' -o -name '*.S' \) | sort)
INCLUDES=$(for f in $FILES; do
	sed -nE 's/^[[:space:]]*#[[:space:]]*include[[:space:]]+"([^"]+)".*/\1/p' "$f" | while read -r t; do
		[ -e "$(dirname "$f")/$t" ] && [ ! -e "$t" ] && t=$(dirname "$f")/$t
		echo "$f $t"
	done
done)
nfiles=$(echo "$FILES" | wc -w)
nincl=$(echo "$INCLUDES" | grep -c .)
nsubs=$(echo "$SUBS" | wc -w)
[ "$nfiles" -ge 50 ] && [ "$nincl" -ge 100 ] && [ "$nsubs" -ge 6 ] &&
	ok "read $nincl includes in $nfiles files of util/ and arch/, $nsubs subsystems" ||
	not_ok "too little to check: $nincl includes, $nfiles files, $nsubs subsystems (is $ROOT scry's tree?)"

# The part of util/ a path belongs to: a subsystem, "util" (the helpers),
# "arch", "builtin", or "other".
part_of() {
	case $1 in
	builtin.h|builtin-*|scry.c) echo builtin ;;
	util/*/*) p=${1#util/}; echo "${p%%/*}" ;;
	util/*) echo util ;;
	arch/*) echo arch ;;
	*) echo other ;;
	esac
}

known() { # FILE TARGET: the reason when the include is a known exception
	for k in "${KNOWN[@]}"; do
		set -- "$1" "$2" $k
		[ "$1" = "$3" ] && [ "$2" = "$4" ] && { shift 4; echo "$*"; return 0; }
		set -- "$1" "$2"
	done
	return 1
}

declare -A BAD
builtins="" seen_known=""
while read -r f t; do
	[ -n "$f" ] || continue
	from=$(part_of "$f") to=$(part_of "$t")
	if [ "$to" = builtin ]; then builtins="$builtins$f includes $t"$'\n'; continue; fi
	if known "$f" "$t" > /dev/null; then seen_known="$seen_known $f:$t"; continue; fi
	case $from in
	arch) [ "$to" = arch ] || [ "$to" = util ] || BAD[arch]="${BAD[arch]:-}$f includes $t"$'\n' ;;
	*)	case " $from util arch ${ALLOW[$from]:-} " in
		*" $to "*) ;;
		*) BAD[$from]="${BAD[$from]:-}$f includes $t ($to)"$'\n' ;;
		esac ;;
	esac
done <<< "$INCLUDES"

check "util/ and arch/ include no command (builtin.h, builtin-*.c, scry.c)" "$builtins"
check "the helpers in util/ include only helpers, arch/ and: ${ALLOW[util]:-nothing else}" "${BAD[util]:-}"
check "arch/ includes only arch/ and the helpers" "${BAD[arch]:-}"
for s in $SUBS; do
	check "util/$s includes only itself, the helpers, arch/ and: ${ALLOW[$s]:-nothing else}" "${BAD[$s]:-}"
done

# ---- no cycles between files ------------------------------------------------------------
# A header that reaches itself through its includes. (Modules of one
# subsystem may use each other's types both ways, as dso and symbol-elf do;
# across subsystems a loop would break the acyclic Includes: lines above,
# which is how dso -> record-buildid -> machine -> dso shows, as symbols
# including perfdata.)
cycles=$(while read -r f t; do
	[ -n "$f" ] && [ "$f" != "$t" ] && echo "$f $t"
done <<< "$INCLUDES" | sort -u | awk '
	function dfs(n,   i, m, k, c) {
		state[n] = 1; stack[++sp] = n
		for (i = 1; i <= deg[n]; i++) {
			m = adj[n, i]
			if (state[m] == 1) {
				c = ""; for (k = sp; k >= 1 && stack[k] != m; k--) c = stack[k] " -> " c
				print m " -> " c m
			} else if (!state[m]) dfs(m)
		}
		sp--; state[n] = 2
	}
	{ adj[$1, ++deg[$1]] = $2; nodes[$1]; nodes[$2] }
	END { for (n in nodes) if (!state[n]) dfs(n) }' | head -10)
check "no include cycles between files" "$cycles"

# ---- known exceptions: TODO until they are gone ---------------------------------------------
for k in "${KNOWN[@]}"; do
	set -- $k
	f=$1 t=$2
	shift 2
	case "$seen_known " in
	*" $f:$t "*) N=$((N + 1)); echo "not ok $N - known exception: $f includes $t # TODO $*" ;;
	*) N=$((N + 1)); echo "ok $N - known exception gone: $f no longer includes $t # TODO remove it from KNOWN in $0" ;;
	esac
done

echo "1..$N"
[ "$FAILED" -eq 0 ]
