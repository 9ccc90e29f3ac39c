#!/usr/bin/env bash
# Analyzer cost benchmark (issue 2): builds a generated 500-file project with and without the KmsKit analyzers,
# with -p:ReportAnalyzer=true, for a project with no KMS use and one with heavy KMS use, and prints the
# analyzers' share of build time. Targets: under 1% (no KMS use) and under 5% (heavy KMS use).
# Usage: tests/KmsKit.Benchmarks/AnalyzerBuild/measure.sh [FILES=500] [RUNS=3] [KINDS="plain kms"]
# KEEP_WORK=1 keeps the generated projects and build logs (the per-analyzer times are in build-KIND-true.log).
# SHARED_COMPILATION=true (the default, as `dotnet build` does) builds through the warm compiler server, where the
# analyzers are loaded and JIT-compiled once; SHARED_COMPILATION=false starts a fresh csc per build, so every build
# also pays the JIT of the analyzers' code (some machines set UseSharedCompilation=false in the environment).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
FILES="${1:-500}"
RUNS="${2:-3}"
KINDS="${3:-plain kms}"
SHARED="${SHARED_COMPILATION:-true}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
[ -n "${KEEP_WORK:-}" ] && trap - EXIT && echo "work: $WORK"

dotnet build "$ROOT/src/KmsKit.Analyzers/KmsKit.Analyzers.csproj" -c Release --verbosity quiet >/dev/null
ANALYZER="$ROOT/src/KmsKit.Analyzers/bin/Release/netstandard2.0/KmsKit.Analyzers.dll"

write_project() { # $1 dir, $2 plain|kms
  local dir="$1" kind="$2" i
  mkdir -p "$dir"
  cat > "$dir/Generated.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <!-- KMS rules stay enabled (a suppressed analyzer is not run at all), shown as warnings by the globalconfig. -->
    <NoWarn>\$(NoWarn);CS1998;NU1603</NoWarn>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="AWSSDK.KeyManagementService" Version="$(sed -n 's:.*Include="AWSSDK.KeyManagementService" Version="\([^"]*\)".*:\1:p' "$ROOT/Directory.Packages.props")" />
  </ItemGroup>
  <ItemGroup Condition="'\$(WithKmsKit)' == 'true'">
    <Analyzer Include="$ANALYZER" />
  </ItemGroup>
</Project>
XML
  printf 'is_global = true\n' > "$dir/.globalconfig"
  grep -oE '^KMS[0-9]+' "$ROOT/src/KmsKit.Analyzers/AnalyzerReleases.Unshipped.md" \
    | sed 's/.*/dotnet_diagnostic.&.severity = warning/' >> "$dir/.globalconfig"
  for ((i = 0; i < FILES; i++)); do
    if [ "$kind" = plain ]; then
      cat > "$dir/File$i.cs" <<CS
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace Generated;

public sealed class Service$i
{
    private readonly Dictionary<string, int> _counts = new();

    public int Count(IEnumerable<string> words)
    {
        foreach (var word in words)
        {
            _counts[word] = _counts.TryGetValue(word, out var n) ? n + 1 : 1;
        }

        return _counts.Values.Where(v => v > 1).Sum();
    }

    public async Task<string> DescribeAsync(int id)
    {
        await Task.Yield();
        var parts = Enumerable.Range(0, id % 10).Select(x => (x * $i).ToString()).ToArray();
        return string.Join(",", parts) + new string('x', id % 7);
    }

    public static byte[] Buffer(int size) => size > 0 ? new byte[size] : Array.Empty<byte>();
}
CS
    else
      cat > "$dir/File$i.cs" <<CS
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace Generated;

public sealed class Vault$i(IAmazonKeyManagementService kms)
{
    public async Task<byte[]> SealAsync(string path)
    {
        var response = await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/k$i", Plaintext = new MemoryStream(await File.ReadAllBytesAsync(path)) });
        return response.CiphertextBlob.ToArray();
    }

    public async Task<List<byte[]>> SealAllAsync(IEnumerable<byte[]> items)
    {
        var sealedItems = new List<byte[]>();
        foreach (var item in items)
        {
            var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/k$i", KeySpec = DataKeySpec.AES_256 });
            var key = dataKey.Plaintext.ToArray();
            try
            {
                var nonce = RandomNumberGenerator.GetBytes(12);
                var output = new byte[item.Length];
                var tag = new byte[16];
                using var aes = new AesGcm(key, 16);
                aes.Encrypt(nonce, item, output, tag);
                sealedItems.Add(output);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }

        return sealedItems;
    }

    public async Task<byte[]> OpenAsync(byte[] blob)
    {
        var request = new DecryptRequest { KeyId = "alias/k$i", CiphertextBlob = new MemoryStream(blob) };
        request.EncryptionAlgorithm = EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT;
        var response = await kms.DecryptAsync(request);
        return response.Plaintext.ToArray();
    }

    public Task<SignResponse> SignAsync(byte[] document) =>
        kms.SignAsync(new SignRequest { KeyId = "alias/s$i", SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256, MessageType = MessageType.DIGEST, Message = new MemoryStream(SHA256.HashData(document)) });

    public Task<GenerateRandomResponse> RandomAsync() => kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 32 });
}
CS
    fi
  done
}

# Prints: wall seconds, KmsKit analyzer seconds (from ReportAnalyzer), all analyzers seconds.
build_once() { # $1 dir, $2 true|false
  local log="$WORK/build-$(basename "$1")-$2.log" start end
  rm -rf "$1/obj/Release" "$1/bin"
  start=$(date +%s.%N)
  (cd "$1" && dotnet build -c Release --no-restore -p:UseSharedCompilation="$SHARED" -p:WithKmsKit="$2" -p:ReportAnalyzer=true -v:detailed >"$log" 2>&1) \
    || { tail -30 "$log"; echo "build failed" >&2; exit 1; }
  end=$(date +%s.%N)
  local kmskit total
  kmskit=$(grep -E '^\s+[0-9.<]+\s+[0-9<]+\s+KmsKit\.Analyzers, Version' "$log" | head -1 | awk '{print $1}' | tr -d '<' || true)
  total=$(grep -E 'Total analyzer execution time: ' "$log" | head -1 | sed -E 's/.*time: ([0-9.]+).*/\1/' || true)
  echo "$(echo "$end - $start" | bc) ${kmskit:-0} ${total:-0}"
}

measure() { # $1 kind
  local dir="$WORK/$1" run with without kms
  write_project "$dir" "$1"
  (cd "$dir" && dotnet restore --verbosity quiet >/dev/null)
  # Each set of builds runs after a warm-up build of the same set, so that the compiler server has loaded (and
  # JIT-compiled) exactly the analyzers it measures; SHARED_COMPILATION=false measures the cold case instead.
  local sum_with=0 sum_without=0 sum_kms=0
  build_once "$dir" false >/dev/null
  for ((run = 0; run < RUNS; run++)); do
    read -r without _ _ < <(build_once "$dir" false)
    sum_without=$(echo "$sum_without + $without" | bc)
  done
  build_once "$dir" true >/dev/null
  for ((run = 0; run < RUNS; run++)); do
    read -r with kms _ < <(build_once "$dir" true)
    sum_with=$(echo "$sum_with + $with" | bc); sum_kms=$(echo "$sum_kms + $kms" | bc)
  done
  local avg_with avg_without avg_kms
  avg_with=$(echo "scale=3; $sum_with / $RUNS" | bc); avg_without=$(echo "scale=3; $sum_without / $RUNS" | bc); avg_kms=$(echo "scale=3; $sum_kms / $RUNS" | bc)
  printf '%-16s %5d files  build without %6.2f s  with %6.2f s  KmsKit analyzers %6.3f s = %5.2f%% of the build (ReportAnalyzer)\n' \
    "$1" "$FILES" "$avg_without" "$avg_with" "$avg_kms" "$(echo "scale=4; 100 * $avg_kms / $avg_with" | bc)"
}

command -v bc >/dev/null || { echo "measure.sh needs bc (apt-get install -y bc)" >&2; exit 1; }
echo "KmsKit analyzer cost, mean of $RUNS full rebuilds each, UseSharedCompilation=$SHARED (targets: plain < 1%, kms < 5%)"
for kind in $KINDS; do
  measure "$kind"
done
