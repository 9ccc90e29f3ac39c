#!/usr/bin/env bash
# KmsKit build entry point.
#   ./build.sh run    build and run the quick-start sample, then list what the analyzers say about the misuse gallery
#   ./build.sh test   build everything, run every test suite, check formatting and the NuGet package
#   ./build.sh pack   make the NuGet packages (KmsKit.Analyzers, .Runtime, .Pkcs11, .OpenTelemetry, .Tool) in artifacts/packages
# Installs what a fresh Debian machine lacks and says so; fails with a clear message where it cannot.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
CONFIGURATION="${CONFIGURATION:-Release}"
ARTIFACTS="$ROOT/artifacts"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

APT_UPDATED=0
apt_install() {
  # $1: the command that proves the package is there; the rest: Debian packages.
  local probe="$1"; shift
  command -v "$probe" >/dev/null 2>&1 && return 0
  say "installing $* (apt-get install -y $*): '$probe' is missing"
  command -v apt-get >/dev/null 2>&1 || die "'$probe' is missing and there is no apt-get here: install $* by hand"
  [ "$(id -u)" -eq 0 ] || die "'$probe' is missing and installing $* needs root: run 'sudo apt-get install -y $*' first"
  if [ "$APT_UPDATED" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || die "apt-get update failed"
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
}

ensure_dotnet() {
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not on PATH: install the .NET 10 SDK"
  dotnet --list-sdks | grep -q '^10\.' || die "the .NET 10 SDK is required (found: $(dotnet --list-sdks | tr '\n' ' '))"
}

# What the test suites need besides .NET: SoftHSM2 for the KMS engine, the aws cli for the server's client
# tests, Node.js and npm packages for the interoperability tests. Each test project with a package.json in an
# `interop` folder gets `npm ci`.
ensure_test_prerequisites() {
  apt_install softhsm2-util softhsm2
  apt_install aws awscli
  local dir
  for dir in tests/*/interop; do
    [ -f "$dir/package.json" ] || continue
    apt_install npm nodejs npm
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
      say "installing npm packages for $dir (npm ci)"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in $dir"
    fi
  done
}

# restore [PROJECT...]: the whole solution, or only the projects named (and what they reference).
restore() {
  say "restoring NuGet packages${1:+ for $*}"
  if [ "$#" -eq 0 ]; then
    dotnet restore Analyzers.sln --verbosity quiet
  else
    local project
    for project in "$@"; do dotnet restore "$project" --verbosity quiet; done
  fi
}

# Sums the counts of every 'dotnet test' summary line and prints one closing line.
summarize_tests() {
  awk '/(Passed|Failed)! +- Failed: / {
         for (i = 1; i <= NF; i++) { v = $(i+1); gsub(",", "", v);
           if ($i == "Failed:") f += v; if ($i == "Passed:") p += v; if ($i == "Skipped:") s += v }
       } END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$1"
}

cmd_pack() {
  ensure_dotnet
  restore
  say "packing into $ARTIFACTS/packages"
  rm -rf "$ARTIFACTS/packages"
  local project
  for project in src/KmsKit.Analyzers.Package/KmsKit.Analyzers.Package.csproj runtime/KmsKit.Runtime/KmsKit.Runtime.csproj \
    runtime/KmsKit.Pkcs11/KmsKit.Pkcs11.csproj runtime/KmsKit.OpenTelemetry/KmsKit.OpenTelemetry.csproj runtime/KmsKit.Server/KmsKit.Server.csproj; do
    dotnet pack "$project" -c "$CONFIGURATION" --no-restore -o "$ARTIFACTS/packages" --verbosity quiet
  done
  ls "$ARTIFACTS/packages"/*.nupkg
}

cmd_test() {
  ensure_dotnet
  ensure_test_prerequisites
  restore
  say "building Analyzers.sln ($CONFIGURATION)"
  dotnet build Analyzers.sln -c "$CONFIGURATION" --no-restore --verbosity quiet
  # Whitespace and code style only: the analyzers' own diagnostics are what the gallery exists to show.
  say "checking formatting (dotnet format whitespace|style --verify-no-changes)"
  for part in whitespace style; do
    dotnet format "$part" Analyzers.sln --verify-no-changes --no-restore --verbosity quiet \
      || die "dotnet format $part found changes to make: run 'dotnet format $part Analyzers.sln'"
  done
  local log="$ARTIFACTS/test-output.txt"
  mkdir -p "$ARTIFACTS"
  say "running the test suites"
  local status=0
  dotnet test Analyzers.sln -c "$CONFIGURATION" --no-build 2>&1 | tee "$log" || status=$?
  cmd_pack >/dev/null
  say "checking the NuGet package in a throwaway project"
  bash tests/package/smoke.sh "$ARTIFACTS/packages" 2>&1 | tee -a "$log" || status=$?
  summarize_tests "$log"
  return "$status"
}

cmd_run() {
  ensure_dotnet
  apt_install softhsm2-util softhsm2
  # The two samples and what they reference only: the test projects' packages are not run's business (nor their
  # restore warnings, such as NU1603 where the registry lacks an exact version).
  restore samples/QuickStart/QuickStart.csproj samples/MisuseGallery/MisuseGallery.csproj
  say "running samples/QuickStart: a record encrypted under a KMS key in a local SoftHSM2 token ($ROOT/.kmskit/quickstart)"
  dotnet run --project samples/QuickStart/QuickStart.csproj -c "$CONFIGURATION" --no-restore -- "$ROOT/.kmskit/quickstart" \
    || die "samples/QuickStart failed"
  say "building samples/MisuseGallery: every KMS diagnostic it commits"
  local out
  out="$(dotnet build samples/MisuseGallery/MisuseGallery.csproj -c "$CONFIGURATION" --no-restore --no-incremental 2>&1)" \
    || { printf '%s\n' "$out" >&2; die "samples/MisuseGallery did not build"; }
  # One line per diagnostic: rule, place, message (help link and project path dropped), sorted by rule.
  printf '%s\n' "$out" \
    | grep -oE '[^ /]+\.cs\([0-9]+,[0-9]+\): (warning|error) KMS[0-9]+: [^[]*' \
    | sed -E 's/^([^:]+): (warning|error) (KMS[0-9]+): (.*[^ ]) *\(https[^)]*\) *$/\3  \1  \4/' \
    | sort -u
  printf 'rules shown: %s\n' "$(printf '%s\n' "$out" | grep -oE '(warning|error) KMS[0-9]+' | awk '{print $2}' | sort -u | tr '\n' ' ')"
}

case "${1:-}" in
  run) cmd_run ;;
  test) cmd_test ;;
  pack) cmd_pack ;;
  *) echo "usage: ./build.sh run|test|pack" >&2; exit 2 ;;
esac
