#!/usr/bin/env bash
# The Elsa-level benchmark (README "Benchmarks"): the same HTTP Endpoint -> trigger -> respond workflow with Trigger
# Workspace Agent and with Elsa's SendHttpRequest, side by side. Runs where the Elsa 3.7.1 packages restore and says
# plainly why it was skipped elsewhere. EXTRA_MSBUILD_ARGS works as for test.sh; arguments go to the benchmark:
#   benchmarks/elsa-benchmark.sh --count 2000 --rounds 5 --callers 1,16
set -uo pipefail
cd "$(dirname "$0")/.."
project=benchmarks/ElsaWorkspaceAgents.Benchmarks.Elsa
extra_args=()
[ -n "${EXTRA_MSBUILD_ARGS:-}" ] && read -r -a extra_args <<< "$EXTRA_MSBUILD_ARGS"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! dotnet restore "$project" -nologo -v quiet ${extra_args[@]+"${extra_args[@]}"} > "$log" 2>&1; then
  if grep -qE 'NU110[12].*Elsa' "$log"; then
    echo "SKIPPED: Elsa-level benchmark: the Elsa 3.7.1 packages are not served by the configured NuGet sources."
    exit 0
  fi
  cat "$log"
  echo "RESTORE FAILED: Elsa-level benchmark (not a missing-package problem)"
  exit 1
fi

dotnet run -c Release --project "$project" --no-restore ${extra_args[@]+"${extra_args[@]}"} -- "$@"
