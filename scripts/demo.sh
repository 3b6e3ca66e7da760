#!/bin/sh
# make demo: trace a short real command so a newcomer sees what scry does.
set -e
SCRY=${1:-./scry}
if [ "$(id -u)" -ne 0 ]; then
	echo "scry demo: tracing needs root; run: sudo make demo" >&2
	exit 1
fi
echo "== scry trace -- cat /etc/hostname"
"$SCRY" trace -- cat /etc/hostname
echo
echo "== scry trace -e %file -- ls /   (file-related calls only; ls's output to /dev/null)"
"$SCRY" trace -e %file -- ls / > /dev/null
echo
echo "== scry trace -s -- sh -c 'ls / | wc -l'   (per-thread summary)"
"$SCRY" trace -s -- sh -c 'ls / | wc -l'
