#!/usr/bin/env bash
# Fuzzes one target with AFL++ through SharpFuzz (not part of ./build.sh or CI, which replay the corpora only).
#   tests/KmsKit.Fuzz/fuzz.sh TARGET [EXECS]     TARGET: esdk-message | ciphertext-blob | kms-request | key-policy
# Publishes tests/KmsKit.Fuzz, instruments the KmsKit assemblies, runs afl-fuzz from corpus/TARGET until EXECS
# executions (default 1000000), then prints executions, exec/s, crashes and hangs. Needs afl-fuzz
# (Debian: apt-get install -y afl++). Output: artifacts/fuzz/TARGET/findings (crashes/ and hangs/ under default/).
set -euo pipefail

die() { echo "fuzz.sh: $*" >&2; exit 1; }

[[ $# -ge 1 && $# -le 2 ]] || die "usage: fuzz.sh TARGET [EXECS]"
target=$1
execs=${2:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[[ -d "$here/corpus/$target" ]] || die "unknown target '$target' (no corpus in $here/corpus/$target)"
command -v afl-fuzz >/dev/null || die "afl-fuzz not found: install AFL++ (apt-get install -y afl++)"

work="$root/artifacts/fuzz/$target"
tools="$root/artifacts/fuzz/tools"
# The instrumenting tool ships with the SharpFuzz package at the same version: the one Directory.Packages.props pins.
version=$(sed -n 's/.*Include="SharpFuzz" Version="\([^"]*\)".*/\1/p' "$root/Directory.Packages.props")
[[ -n "$version" ]] || die "no SharpFuzz version in Directory.Packages.props"
if [[ ! -x "$tools/sharpfuzz" ]]; then
  dotnet tool install SharpFuzz.CommandLine --version "$version" --tool-path "$tools" >/dev/null
fi

# A fresh publish each run: an assembly cannot be instrumented twice.
rm -rf "$work/publish"
dotnet publish "$here/KmsKit.Fuzz.csproj" -c Release -o "$work/publish" --verbosity quiet >/dev/null
for assembly in KmsKit.Runtime.dll KmsKit.Pkcs11.dll kmskit.dll; do
  "$tools/sharpfuzz" "$work/publish/$assembly" >/dev/null
done

rm -rf "$work/findings"
# The target is a .NET program, not an AFL-compiled binary (SKIP_BIN_CHECK); the machine is shared (NO_AFFINITY);
# core dumps may go to a handler (I_DONT_CARE_ABOUT_MISSING_CRASHES: crashes are .NET exceptions, seen anyway).
AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
  afl-fuzz -i "$here/corpus/$target" -o "$work/findings" -E "$execs" -t 5000 -m none \
  -- dotnet "$work/publish/KmsKit.Fuzz.dll" "$target" >"$work/afl.log" 2>&1 || { tail -30 "$work/afl.log"; die "afl-fuzz failed"; }

stats="$work/findings/default/fuzzer_stats"
stat() { sed -n "s/^$1 *: *//p" "$stats"; }
echo "target:     $target"
echo "executions: $(stat execs_done)"
echo "exec/s:     $(stat execs_per_sec)"
echo "run time s: $(stat run_time)"
echo "paths:      $(stat corpus_count)"
echo "crashes:    $(stat saved_crashes)  ($work/findings/default/crashes)"
echo "hangs:      $(stat saved_hangs)  ($work/findings/default/hangs)"
