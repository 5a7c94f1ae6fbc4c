# Shared by packaging/wine/run.sh, packaging/xinchuang/run.sh and .ci/run (sourced): timed, logged steps.
# step NAME CMD...  runs CMD in a subshell with errexit (a function's first failing command fails the step; the
# subshell also means variables it sets do not reach the caller), then prints
# "-- NAME: passed in N s (load: 1-, 5-, 15-minute averages)" or fails with CMD's exit code.
STEP_T0=${STEP_T0:-$(date +%s)}
STEP_SUMMARY=()
step() {
  local name=$1 t0 rc=0
  shift
  t0=$(date +%s)
  echo "-- $name: started (load $(cut -d' ' -f1-3 /proc/loadavg))"
  set +e
  (set -e; "$@")
  rc=$?
  set -e
  local took=$(( $(date +%s) - t0 ))
  if [ "$rc" = 0 ]; then
    echo "-- $name: passed in $took s (load $(cut -d' ' -f1-3 /proc/loadavg))"
    STEP_SUMMARY+=("$(printf '%6d s  passed  %s' "$took" "$name")")
  else
    echo "-- $name: FAILED (exit $rc) after $took s (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    STEP_SUMMARY+=("$(printf '%6d s  FAILED  %s' "$took" "$name")")
    return "$rc"
  fi
}
step_summary() { printf '%s\n' "${STEP_SUMMARY[@]}"; }
# sha256_check FILE HEX: fails unless FILE's sha256 is HEX
sha256_check() {
  local got
  got=$(sha256sum "$1" | cut -d' ' -f1)
  [ "$got" = "$2" ] || { echo "sha256 of $1 is $got, expected $2 (pinned)" >&2; return 1; }
}
