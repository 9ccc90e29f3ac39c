#!/usr/bin/env bash
# Installs the packed KmsKit packages from a local folder feed into throwaway projects outside the repository, with
# a fresh NuGet package cache, as a user would: what the analyzers report in each KmsKitAnalysisMode (and after a
# mode change without a rebuild), the SARIF log, a console app with a [KmsEncrypted] record on the embedded KMS
# engine, the kmskit tool installed with --tool-path (serve, keys, encrypt, decrypt), and `dotnet format analyzers` applying
# every fix to a copy of the misuse gallery (gallery-fixes.sh). Usage: smoke.sh FEED_DIR
set -euo pipefail
FEED="$(cd "${1:?usage: smoke.sh FEED_DIR}" && pwd)"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VERSION="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$ROOT/Directory.Build.props" | head -1)"
KMS_VERSION="$(sed -n 's:.*Include="AWSSDK.KeyManagementService" Version="\([^"]*\)".*:\1:p' "$ROOT/Directory.Packages.props")"
WORK="$(mktemp -d)"
# The app and the tool: beside the analyzer consumer, not in it (its project would compile their sources).
APPS="$(mktemp -d)"
SERVER_PID=""
trap '[ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK" "$APPS"' EXIT
# Every restore here, the tool install's included, fills this cache only: nothing comes from the machine's.
export NUGET_PACKAGES="$APPS/packages"
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
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="AWSSDK.KeyManagementService" Version="$KMS_VERSION" />
    <PackageReference Include="KmsKit.Analyzers" Version="$VERSION" />
  </ItemGroup>
</Project>
XML

# A Warning-level misuse (KMS301), a constant key policy with no root statement (KMS302: proves that the
# packed analyzer loads System.Text.Json), and an Info-level one (KMS304).
write_misuse() {
  cat > "$WORK/Keys.cs" <<'CS'
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

public static class Keys
{
    public static Task<CreateKeyResponse> Create(IAmazonKeyManagementService kms) =>
        kms.CreateKeyAsync(new CreateKeyRequest
        {
            Description = "orders",
            Policy = """{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"kms:Decrypt","Resource":"*"}]}""",
            BypassPolicyLockoutSafetyCheck = true,
        });

    // KMS304, an Info rule: silent in a Default build, an error in a Strict one.
    public static Task<EncryptResponse> Seal(IAmazonKeyManagementService kms, MemoryStream secret) =>
        kms.EncryptAsync(new EncryptRequest { KeyId = "alias/orders", Plaintext = secret });
}
CS
}

write_fixed() {
  cat > "$WORK/Keys.cs" <<'CS'
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

public static class Keys
{
    public static Task<CreateKeyResponse> Create(IAmazonKeyManagementService kms) =>
        kms.CreateKeyAsync(new CreateKeyRequest
        {
            Description = "orders",
            Policy = """{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}""",
        });

    public static Task<EncryptResponse> Seal(IAmazonKeyManagementService kms, MemoryStream secret) =>
        kms.EncryptAsync(new EncryptRequest
        {
            KeyId = "alias/orders",
            Plaintext = secret,
            EncryptionContext = new Dictionary<string, string> { ["purpose"] = "orders" },
        });
}
CS
}

OUT=""
# build [msbuild args...]: a full rebuild (severities change with the mode, not with the sources); sets OUT.
build() { OUT="$(cd "$WORK" && dotnet build -c Release --no-restore --no-incremental "$@" 2>&1)"; }
fail() { echo "FAIL: $1"; printf '%s\n' "$OUT" | grep -E 'KMS|error|warning' | sort -u | head -20; return 1; }
no_load_errors() {
  if grep -qE 'AD0001|CS8032|CS8784' <<<"$OUT"; then fail "an analyzer failed to load or threw"; return 1; fi
}

layout_ok() {
  local nupkg="$FEED/KmsKit.Analyzers.$VERSION.nupkg"
  local listing; listing="$(unzip -l "$nupkg")"
  local file
  for file in analyzers/dotnet/cs/KmsKit.Analyzers.dll analyzers/dotnet/cs/System.Text.Json.dll \
    buildTransitive/KmsKit.Analyzers.props buildTransitive/KmsKit.Analyzers.targets \
    buildTransitive/config/KmsKit.Strict.globalconfig buildTransitive/config/KmsKit.None.globalconfig; do
    grep -q " $file\$" <<<"$listing" || { echo "FAIL: $file is not in $nupkg"; return 1; }
  done
  if grep -q ' lib/' <<<"$listing"; then echo "FAIL: $nupkg has a lib folder"; return 1; fi
  unzip -p "$nupkg" KmsKit.Analyzers.nuspec | grep -q '<developmentDependency>true' || { echo "FAIL: not a development dependency"; return 1; }
  unzip -p "$nupkg" buildTransitive/config/KmsKit.Strict.globalconfig | grep -q '^dotnet_diagnostic.KMS306.severity = error$' \
    || { echo "FAIL: the Strict config does not cover the whole catalogue"; return 1; }
  echo "ok: package layout (analyzers and System.Text.Json, buildTransitive mode configs, no lib, developmentDependency)"
}

restores() {
  write_misuse
  OUT="$(cd "$WORK" && dotnet restore 2>&1)" || { fail "restore from the local feed failed"; return 1; }
  echo "ok: the consumer restores KmsKit.Analyzers from the local feed"
}

default_warns_and_logs_sarif() {
  write_misuse
  build -p:ErrorLog=out.sarif || { fail "Default mode failed the build on Warning-level rules"; return 1; }
  grep -q 'warning KMS301' <<<"$OUT" || { fail "Default mode: no warning KMS301"; return 1; }
  grep -q 'warning KMS302' <<<"$OUT" || { fail "Default mode: no warning KMS302 (key policy JSON)"; return 1; }
  if grep -q 'KMS304' <<<"$OUT"; then fail "Default mode: the Info rule KMS304 shows in the build output"; return 1; fi
  no_load_errors || return 1
  [ -s "$WORK/out.sarif" ] || { fail "-p:ErrorLog=out.sarif wrote no file"; return 1; }
  grep -q '"KMS301"' "$WORK/out.sarif" || { fail "the SARIF log does not name KMS301"; return 1; }
  grep -q 'docs/rules/KMS301.md' "$WORK/out.sarif" || { fail "the SARIF log has no help link for KMS301"; return 1; }
  echo "ok: Default builds with warning KMS301/KMS302, and -p:ErrorLog=out.sarif logs the rule id and its help link"
}

strict_fails() {
  write_misuse
  # SARIF 2.1 (what code-scanning services read): the comma of the compiler's option is escaped for msbuild.
  if build -p:KmsKitAnalysisMode=Strict -p:ErrorLog=strict.sarif%2Cversion=2.1; then fail "Strict mode built despite KMS301"; return 1; fi
  grep -q 'error KMS301' <<<"$OUT" || { fail "Strict mode: KMS301 is not an error"; return 1; }
  grep -q 'error KMS304' <<<"$OUT" || { fail "Strict mode: the Info rule KMS304 is not an error"; return 1; }
  grep -q '"version": "2.1.0"' "$WORK/strict.sarif" && grep -q '"ruleId": "KMS301"' "$WORK/strict.sarif" \
    || { fail "the SARIF 2.1 log does not name KMS301"; return 1; }
  echo "ok: Strict fails the build with errors KMS301 and KMS304 (an Info rule), SARIF 2.1 log written"
}

strict_passes_when_fixed() {
  write_fixed
  build -p:KmsKitAnalysisMode=Strict || { fail "Strict mode failed on the fixed code"; return 1; }
  if grep -q 'KMS[0-9]' <<<"$OUT"; then fail "Strict mode reported on the fixed code"; return 1; fi
  echo "ok: fixing the code makes Strict pass"
}

per_rule_severity_wins() {
  write_misuse
  # The project's own per-rule settings beat the mode: an .editorconfig section, and a .globalconfig.
  printf '[*.cs]\ndotnet_diagnostic.KMS301.severity = none\ndotnet_diagnostic.KMS302.severity = warning\n' > "$WORK/.editorconfig"
  printf 'is_global = true\ndotnet_diagnostic.KMS304.severity = suggestion\n' > "$WORK/.globalconfig"
  local status=0
  build -p:KmsKitAnalysisMode=Strict || status=$?
  rm -f "$WORK/.editorconfig" "$WORK/.globalconfig"
  [ "$status" -eq 0 ] || { fail "Strict mode ignored the project's per-rule severities"; return 1; }
  grep -q 'warning KMS302' <<<"$OUT" || { fail "the .editorconfig severity of KMS302 was not applied"; return 1; }
  if grep -q 'KMS301' <<<"$OUT"; then fail "KMS301 = none in .editorconfig was not applied"; return 1; fi
  echo "ok: per-rule severities in .editorconfig and .globalconfig win over Strict"
}

none_is_silent() {
  write_misuse
  build -p:KmsKitAnalysisMode=None || { fail "None mode failed the build"; return 1; }
  if grep -q 'KMS[0-9]' <<<"$OUT"; then fail "None mode still reported KmsKit rules"; return 1; fi
  echo "ok: None reports nothing"
}

strict_after_default_build_fails() {
  write_misuse
  # Incremental, as a developer or CI would run it: the mode alone changes between the two builds.
  OUT="$(cd "$WORK" && dotnet build -c Release --no-restore 2>&1)" || { fail "the Default build failed"; return 1; }
  if OUT="$(cd "$WORK" && dotnet build -c Release --no-restore -p:KmsKitAnalysisMode=Strict 2>&1)"; then
    fail "Strict through -p: after a Default build built (the mode change did not recompile)"; return 1
  fi
  grep -q 'error KMS301' <<<"$OUT" || { fail "Strict after Default: KMS301 is not an error"; return 1; }
  echo "ok: Strict through -p: after a Default build recompiles and fails the build"
}

unknown_mode_is_refused() {
  write_fixed
  if build -p:KmsKitAnalysisMode=Strickt; then fail "an unknown KmsKitAnalysisMode was accepted"; return 1; fi
  grep -q "KmsKitAnalysisMode is 'Strickt'; use Default, Strict or None" <<<"$OUT" || { fail "no clear error for an unknown mode"; return 1; }
  echo "ok: an unknown KmsKitAnalysisMode fails with a clear message"
}

default_errors_on_error_rules() {
  write_fixed
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
  local status=0
  build || status=$?
  rm -f "$WORK/Tokens.cs"
  [ "$status" -ne 0 ] || { fail "the consumer built although it sets NumberOfBytes = 2048"; return 1; }
  grep -q 'error KMS002' <<<"$OUT" || { fail "KMS002 not reported as an error"; return 1; }
  no_load_errors || return 1
  echo "ok: Default keeps Error-level rules (KMS002) errors"
}

# A console app with all three library packages: a [KmsEncrypted] record on the embedded engine.
app_builds_clean_and_runs() {
  local app="$APPS/app"
  mkdir -p "$app"
  cp "$WORK/nuget.config" "$app/"
  cat > "$app/App.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="KmsKit.Analyzers" Version="$VERSION" />
    <PackageReference Include="KmsKit.Runtime" Version="$VERSION" />
    <PackageReference Include="KmsKit.Pkcs11" Version="$VERSION" />
    <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="8.0.1" />
  </ItemGroup>
</Project>
XML
  cat > "$app/Program.cs" <<'CS'
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Engine;
using KmsKit.Runtime.Encryptors;
using Microsoft.Extensions.DependencyInjection;

using var kms = Pkcs11Kms.OpenEmbedded(args[0]);
var key = await kms.CreateKeyAsync(new CreateKeyRequest { Description = "smoke" });
using var provider = new ServiceCollection()
    .AddSingleton<IAmazonKeyManagementService>(kms)
    .AddKmsKitEncryptors(keys => keys.Keys["orders"] = key.KeyMetadata.Arn)
    .BuildServiceProvider();
var encryptor = provider.GetRequiredService<Order.Encryptor>();

var order = new Order("ord-1", "4111 1111 1111 1111");
var decrypted = await encryptor.DecryptAsync(await encryptor.EncryptAsync(order));
Console.WriteLine(decrypted == order ? "round trip ok" : "round trip changed the order");
return decrypted == order ? 0 : 1;

[KmsEncrypted(KeyName = "orders")]
internal sealed partial record Order([property: SignOnly] string Id, [property: Encrypt] string CardNumber);
CS
  OUT="$(cd "$app" && dotnet build -c Release 2>&1)" || { fail "the app on KmsKit.Analyzers, .Runtime and .Pkcs11 did not build"; return 1; }
  if grep -qE ': warning ' <<<"$OUT"; then fail "the app built with warnings"; return 1; fi
  OUT="$(cd "$app" && dotnet run -c Release --no-build -- "$APPS/app-kms" 2>&1)" || { fail "the app failed: $OUT"; return 1; }
  grep -q '^round trip ok$' <<<"$OUT" || { fail "the app did not round-trip its record: $OUT"; return 1; }
  echo "ok: a console app with KmsKit.Analyzers, .Runtime and .Pkcs11 builds with no warning and round-trips a [KmsEncrypted] record on the embedded engine"
}

# The tool as a user installs it, then a server from it and a KMS-key message through that server.
tool_serves_and_encrypts() {
  local tools="$APPS/tools"
  OUT="$(cd "$APPS" && dotnet tool install KmsKit.Tool --version "$VERSION" --tool-path "$tools" --configfile "$WORK/nuget.config" 2>&1)" \
    || { fail "dotnet tool install KmsKit.Tool --tool-path failed"; return 1; }
  local kmskit="$tools/kmskit" log="$APPS/serve.log"
  "$kmskit" serve --ephemeral --port 0 >"$log" 2>&1 &
  SERVER_PID=$!
  local url="" i
  for i in $(seq 1 100); do
    url="$(sed -n 's/^listening on //p' "$log" | head -1)"
    [ -n "$url" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.2
  done
  [ -n "$url" ] || { OUT="$(cat "$log")"; fail "kmskit serve --ephemeral did not start: $OUT"; return 1; }
  local endpoint=(--endpoint-url "$url" --region us-east-1)
  OUT="$(AWS_ACCESS_KEY_ID=smoke AWS_SECRET_ACCESS_KEY=smoke "$kmskit" keys create --alias alias/smoke "${endpoint[@]}" 2>&1)" \
    || { fail "kmskit keys create failed"; return 1; }
  printf 'the smoke test secret\n' > "$WORK/plain.txt"
  OUT="$(AWS_ACCESS_KEY_ID=smoke AWS_SECRET_ACCESS_KEY=smoke "$kmskit" encrypt --input "$WORK/plain.txt" --output "$WORK/plain.kms" --key-id alias/smoke --encryption-context purpose=smoke "${endpoint[@]}" 2>&1)" \
    || { fail "kmskit encrypt failed"; return 1; }
  OUT="$(AWS_ACCESS_KEY_ID=smoke AWS_SECRET_ACCESS_KEY=smoke "$kmskit" decrypt --input "$WORK/plain.kms" --output "$WORK/back.txt" --key-id alias/smoke "${endpoint[@]}" 2>&1)" \
    || { fail "kmskit decrypt failed"; return 1; }
  kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  cmp -s "$WORK/plain.txt" "$WORK/back.txt" || { fail "kmskit decrypt did not give back the plaintext"; return 1; }
  echo "ok: KmsKit.Tool installs with --tool-path; kmskit serve --ephemeral, keys create, encrypt and decrypt work from it"
}

packages_are_complete() {
  local id
  for id in KmsKit.Analyzers KmsKit.Runtime KmsKit.Pkcs11 KmsKit.OpenTelemetry KmsKit.Tool; do
    [ -f "$FEED/$id.$VERSION.nupkg" ] || { echo "FAIL: $FEED/$id.$VERSION.nupkg is missing"; return 1; }
    local nuspec; nuspec="$(unzip -p "$FEED/$id.$VERSION.nupkg" "$id.nuspec")"
    for field in '<license type="expression">' '<readme>README.md</readme>' '<projectUrl>' '<repository type="git"' '<tags>'; do
      grep -q "$field" <<<"$nuspec" || { echo "FAIL: $id has no $field"; return 1; }
    done
    [ "$id" = KmsKit.Analyzers ] || [ -f "$FEED/$id.$VERSION.snupkg" ] || { echo "FAIL: $id has no symbols package"; return 1; }
  done
  echo "ok: every package has its readme, license, URLs, tags and (libraries and tool) a .snupkg"
}

check layout_ok
check packages_are_complete
if restores; then
  passed=$((passed + 1))
  check default_warns_and_logs_sarif
  check strict_fails
  check strict_passes_when_fixed
  check per_rule_severity_wins
  check none_is_silent
  check strict_after_default_build_fails
  check unknown_mode_is_refused
  check default_errors_on_error_rules
else
  failed=$((failed + 1))
fi
check app_builds_clean_and_runs
check tool_serves_and_encrypts
check bash "$ROOT/tests/package/gallery-fixes.sh" "$FEED" "$NUGET_PACKAGES"
echo "package: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
