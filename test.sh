#!/usr/bin/env bash
# The project's test command (README: "Run the tests"). Builds and tests everything that can build here:
#  1. the engine-neutral solution (Core, Emulator, CLI, outbox, their tests) — always;
#  2. the Elsa projects (activity pack, sample host, their tests) — only where Elsa 3.7.1 restores from the
#     configured NuGet sources; otherwise they are skipped and this script says so plainly.
# Ends with one summary line "N passed, N failed, N skipped" and exits non-zero if any test failed.
# EXTRA_MSBUILD_ARGS (optional) is passed to every restore, build and test, e.g. an additional package source:
#   EXTRA_MSBUILD_ARGS="-p:RestoreAdditionalProjectSources=/path/to/feed" ./test.sh
set -uo pipefail
cd "$(dirname "$0")"

configuration=${CONFIGURATION:-Release}
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
skipped_parts=()
extra_args=()
[ -n "${EXTRA_MSBUILD_ARGS:-}" ] && read -r -a extra_args <<< "$EXTRA_MSBUILD_ARGS"

run_tests() { # $1 = solution filter, $2 = label
  echo "==> Testing $2 ($1)"
  if ! dotnet build "$1" -c "$configuration" -nologo -v quiet ${extra_args[@]+"${extra_args[@]}"}; then
    echo "BUILD FAILED: $2"; status=1; return
  fi
  dotnet test "$1" -c "$configuration" --no-build -nologo -v quiet ${extra_args[@]+"${extra_args[@]}"} \
    --logger "console;verbosity=minimal" --logger trx --results-directory "$results/trx" 2>&1 | tee -a "$results/test-output.txt"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
}

run_tests ElsaWorkspaceAgents.Core.slnf "engine-neutral projects"

echo "==> Checking whether Elsa 3.7.1 packages restore here"
if dotnet restore ElsaWorkspaceAgents.Elsa.slnf -nologo -v quiet ${extra_args[@]+"${extra_args[@]}"} > "$results/elsa-restore.txt" 2>&1; then
  run_tests ElsaWorkspaceAgents.Elsa.slnf "Elsa activity pack and sample host"
  # The NuGet path, outside the solution: the packed .nupkg installed into a fresh Elsa host in a temp folder.
  run_tests tests/package-install/ElsaWorkspaceAgents.PackageInstall.Tests.csproj "package install into a fresh Elsa host"
  # Elsa Studio of the sample host in a real browser: Debian's chromium, headless (tests/browser).
  if [ -x /usr/bin/chromium ]; then
    run_tests tests/browser/ElsaWorkspaceAgents.BrowserTests.csproj "Elsa Studio in headless Chromium"
  else
    skipped_parts+=("Studio browser test (tests/browser): no /usr/bin/chromium here (Debian: apt-get install chromium), so Elsa Studio was not driven in a browser.")
  fi
elif grep -qE 'NU110[12].*Elsa' "$results/elsa-restore.txt"; then
  skipped_parts+=("Elsa projects (src/ElsaWorkspaceAgents, sample-host, tests/ElsaWorkspaceAgents.Elsa.Tests, the package install test tests/package-install, the Studio browser test tests/browser): the Elsa 3.7.1 and Elsa Studio 3.7.1 packages are not served by the configured NuGet sources, so they were not built or tested.")
else
  cat "$results/elsa-restore.txt"; echo "RESTORE FAILED: Elsa projects (not a missing-package problem)"; status=1
fi

passed=0; failed=0; skipped=0
if [ -f "$results/test-output.txt" ]; then
  while read -r f p s; do
    failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
  done < <(grep -E '^(Passed|Failed|Skipped)!' "$results/test-output.txt" \
    | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/')
fi

echo
for part in "${skipped_parts[@]}"; do echo "SKIPPED: $part"; done
# Each skipped test with the reason its attribute gives (from the TRX results).
if compgen -G "$results/trx/*.trx" > /dev/null; then
  awk '/outcome="NotExecuted"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11) }
       name != "" && /<Message>/ { sub(/.*<Message>/, ""); sub(/<\/Message>.*/, ""); print "SKIPPED test: " name ": " $0; name = "" }' \
    "$results"/trx/*.trx
fi
[ "$failed" -eq 0 ] || status=1
[ "$passed" -gt 0 ] || { echo "No test ran."; status=1; }
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
