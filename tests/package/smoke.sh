#!/usr/bin/env bash
# Installs the packed KmsKit.Analyzers from a local folder feed into a throwaway project, as a user would,
# and checks that a KMS misuse is reported. Usage: smoke.sh FEED_DIR
set -euo pipefail
FEED="$(cd "${1:?usage: smoke.sh FEED_DIR}" && pwd)"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VERSION="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$ROOT/Directory.Build.props" | head -1)"
KMS_VERSION="$(sed -n 's:.*Include="AWSSDK.KeyManagementService" Version="\([^"]*\)".*:\1:p' "$ROOT/Directory.Packages.props")"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
passed=0; failed=0
check() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi; }

cat > "$WORK/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$FEED" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
cat > "$WORK/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <RestorePackagesPath>$WORK/packages</RestorePackagesPath>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="AWSSDK.KeyManagementService" Version="$KMS_VERSION" />
    <PackageReference Include="KmsKit.Analyzers" Version="$VERSION" />
  </ItemGroup>
</Project>
XML
cat > "$WORK/Tokens.cs" <<'CS'
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

public static class Tokens
{
    public static Task<GenerateRandomResponse> Make(IAmazonKeyManagementService kms) =>
        kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 2048 });
}
CS

layout_ok() {
  local nupkg="$FEED/KmsKit.Analyzers.$VERSION.nupkg"
  local listing; listing="$(unzip -l "$nupkg")"
  grep -q 'analyzers/dotnet/cs/KmsKit.Analyzers.dll' <<<"$listing" || { echo "FAIL: no analyzers/dotnet/cs in $nupkg"; return 1; }
  if grep -q ' lib/' <<<"$listing"; then echo "FAIL: $nupkg has a lib folder"; return 1; fi
  unzip -p "$nupkg" KmsKit.Analyzers.nuspec | grep -q '<developmentDependency>true' || { echo "FAIL: not a development dependency"; return 1; }
  echo "ok: package layout (analyzers/dotnet/cs, no lib, developmentDependency)"
}

reports_kms002() {
  local out
  if out="$(cd "$WORK" && dotnet build -c Release 2>&1)"; then
    echo "FAIL: the consumer built although it sets NumberOfBytes = 2048"; return 1
  fi
  grep -q 'error KMS002' <<<"$out" || { echo "FAIL: KMS002 not reported"; printf '%s\n' "$out" | tail -20; return 1; }
  grep -q 'AD0001' <<<"$out" && { echo "FAIL: analyzer exception"; return 1; }
  echo "ok: a consumer of the package sees KMS002"
}

check layout_ok
check reports_kms002
echo "package: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
