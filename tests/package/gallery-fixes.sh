#!/usr/bin/env bash
# `dotnet format analyzers` applies every KmsKit fix to a copy of the misuse gallery (samples/MisuseGallery) made outside
# the repository, on the packed KmsKit.Analyzers from a local feed, as a user would run it; then: a second run finds
# nothing left to fix, the project file gains no item but the helper files' own, the result builds with no error, what
# is left is exactly what samples/MisuseGallery.Fixed/.globalconfig lists as having no fix, and the sources are those of
# samples/MisuseGallery.Fixed (which the code-fix tests make with the same fixes in a test workspace).
# Usage: gallery-fixes.sh FEED_DIR [PACKAGE_CACHE]   (without a cache, a fresh one of its own; smoke.sh passes its fresh one)
set -euo pipefail
FEED="$(cd "${1:?usage: gallery-fixes.sh FEED_DIR [PACKAGE_CACHE]}" && pwd)"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
GALLERY="$ROOT/samples/MisuseGallery"
TWIN="$ROOT/samples/MisuseGallery.Fixed"
VERSION="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$ROOT/Directory.Build.props" | head -1)"
WORK="$(mktemp -d)"
trap '[ -n "${KMSKIT_KEEP_GALLERY_COPY:-}" ] && echo "kept: $WORK" || rm -rf "$WORK"' EXIT
export NUGET_PACKAGES="${2:-$WORK/packages}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
PROJECT="$WORK/MisuseGallery"
HELPERS=".kmskit-helpers"
OUT=""
fail() { echo "FAIL: $1"; [ -z "$OUT" ] || printf '%s\n' "$OUT" | grep -E 'error|warning|KMS|FAIL' | sed 's/ \[[^]]*\]$//' | sort -u | head -20; return 1; }

cat > "$WORK/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$FEED" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
# What the gallery takes from the repository's Directory.Build.props.
cat > "$WORK/Directory.Build.props" <<'XML'
<Project>
  <PropertyGroup>
    <Nullable>enable</Nullable>
    <LangVersion>latest</LangVersion>
    <ImplicitUsings>disable</ImplicitUsings>
  </PropertyGroup>
</Project>
XML

# The gallery's own project file, with the versions that Directory.Packages.props holds written in, and the analyzers
# from the package instead of the project.
copy_gallery() {
  mkdir -p "$PROJECT"
  cp "$GALLERY"/*.cs "$GALLERY/.globalconfig" "$PROJECT/"
  local line id version
  while IFS= read -r line; do
    if [[ "$line" =~ \<PackageReference\ Include=\"([^\"]+)\"\ /\> ]]; then
      id="${BASH_REMATCH[1]}"
      version="$(sed -n "s:.*<PackageVersion Include=\"$id\" Version=\"\([^\"]*\)\".*:\1:p" "$ROOT/Directory.Packages.props")"
      [ -n "$version" ] || { echo "FAIL: no version of $id in Directory.Packages.props"; return 1; }
      printf '%s\n' "${line/\/>/Version=\"$version\" />}"
    elif [[ "$line" == *'<ProjectReference Include="..\..\src\KmsKit.Analyzers\KmsKit.Analyzers.csproj"'* ]]; then
      printf '%s\n' "${line%%<*}<PackageReference Include=\"KmsKit.Analyzers\" Version=\"$VERSION\" />"
    else
      printf '%s\n' "$line"
    fi
  done < "$GALLERY/MisuseGallery.csproj" > "$PROJECT/MisuseGallery.csproj"
  if grep -q '<ProjectReference' "$PROJECT/MisuseGallery.csproj"; then echo "FAIL: the copy still references a project of the repository"; return 1; fi
  cp "$PROJECT/MisuseGallery.csproj" "$WORK/MisuseGallery.csproj.before"
}

# Every KmsKit rule the gallery shows (its .globalconfig lists them all), so that only KmsKit's fixes are applied.
RULES=()
mapfile -t RULES < <(sed -n 's/^dotnet_diagnostic\.\(KMS[0-9]*\)\.severity.*/\1/p' "$GALLERY/.globalconfig")
format() { OUT="$(cd "$PROJECT" && dotnet format analyzers MisuseGallery.csproj --no-restore --severity info --diagnostics "${RULES[@]}" "$@" 2>&1)"; }

fixes_apply() {
  OUT="$(cd "$PROJECT" && dotnet restore 2>&1)" || { fail "the copy of the gallery did not restore KmsKit.Analyzers $VERSION from $FEED"; return 1; }
  format || { fail "dotnet format analyzers failed on the copy of the gallery"; return 1; }
  if grep -qE 'AD0001|threw|Exception' <<<"$OUT"; then fail "a KmsKit analyzer or fix threw under dotnet format"; return 1; fi
  echo "ok: dotnet format analyzers ran every KmsKit fix over a copy of the misuse gallery (${#RULES[@]} rules)"
}

# `--verify-no-changes` reports every diagnostic, fixable or not: a second fixing run must change no file instead.
nothing_fixable_is_left() {
  local before after
  before="$(snapshot)"
  format || { fail "the second dotnet format analyzers run failed"; return 1; }
  after="$(snapshot)"
  [ "$before" = "$after" ] || { OUT="$(diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") || true)"; fail "a second dotnet format analyzers run still found something to fix"; return 1; }
  echo "ok: a second run finds no fixable KmsKit diagnostic left (it changes no file)"
}
snapshot() { (cd "$PROJECT" && find . -path ./obj -prune -o -path ./bin -prune -o -type f -print0 | sort -z | xargs -0 sha256sum); }

project_file_keeps_its_items() {
  local added
  # The workspace saves the project file with a byte order mark and no final line break: not a change of items.
  added="$(diff "$WORK/MisuseGallery.csproj.before" <(sed -e '1s/^\xEF\xBB\xBF//' -e '$a\' "$PROJECT/MisuseGallery.csproj") | sed -n 's/^> *//p' | grep -v -E '^</?ItemGroup>$' || true)"
  if grep -v -E "^<Compile Include=\"$HELPERS[\\/][A-Za-z]+\\.cs\" />$" <<<"$added" | grep -q .; then
    echo "FAIL: the fixes changed the project file beyond the helper files' items:"; printf '%s\n' "$added"; return 1
  fi
  echo "ok: the project file gains only the items of the helper files in $HELPERS/ ($(grep -c Compile <<<"$added" || true))"
}

builds_with_only_the_unfixable_left() {
  OUT="$(cd "$PROJECT" && dotnet build -c Release --no-restore --no-incremental 2>&1)" || { fail "the fixed gallery does not build"; return 1; }
  if grep -qE ': error ' <<<"$OUT"; then fail "the fixed gallery built with errors"; return 1; fi
  local left expected
  left="$(grep -oE 'warning KMS[0-9]+' <<<"$OUT" | awk '{print $2}' | sort -u | tr '\n' ' ')"
  expected="$(sed -n 's/^dotnet_diagnostic\.\(KMS[0-9]*\)\.severity.*/\1/p' "$TWIN/.globalconfig" | sort -u | tr '\n' ' ')"
  [ "$left" = "$expected" ] || { fail "left after the fixes: ${left:-nothing}; rules without a fix (samples/MisuseGallery.Fixed/.globalconfig): $expected"; return 1; }
  echo "ok: the fixed gallery builds; what is left is what has no fix: $left"
}

sources_are_the_twins() {
  local twin name found
  for twin in "$TWIN"/*.cs; do
    name="$(basename "$twin")"
    found="$PROJECT/$name"
    [ -f "$found" ] || found="$PROJECT/$HELPERS/$name"
    [ -f "$found" ] || { echo "FAIL: $name of samples/MisuseGallery.Fixed is not in the fixed copy"; return 1; }
    cmp -s "$twin" "$found" || { echo "FAIL: ${found#"$PROJECT/"} differs from samples/MisuseGallery.Fixed/$name:"; diff "$twin" "$found" | head -20; return 1; }
  done
  for found in "$PROJECT"/*.cs "$PROJECT/$HELPERS"/*.cs; do
    [ -f "$found" ] || continue
    [ -f "$TWIN/$(basename "$found")" ] || { echo "FAIL: the fixes added ${found#"$PROJECT/"}, which samples/MisuseGallery.Fixed does not have"; return 1; }
  done
  echo "ok: the fixed copy's sources are samples/MisuseGallery.Fixed's (helpers in $HELPERS/)"
}

passed=0; failed=0
check() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi; }
if copy_gallery && fixes_apply; then
  passed=$((passed + 1))
  check nothing_fixable_is_left
  check project_file_keeps_its_items
  check builds_with_only_the_unfixable_left
  check sources_are_the_twins
else
  failed=$((failed + 1))
fi
echo "gallery fixes: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
