# Shared by the bench scripts: `seconds CMD…` prints the wall time of CMD (its output discarded),
# `median` the median of the numbers on stdin. A command that fails stops the bench.
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; return 1; }; e=$(date +%s.%N); echo "$e - $s" | bc; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
