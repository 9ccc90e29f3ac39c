using System.Text;
using Amazon.KeyManagementService.Model;
using KmsKit.Pkcs11.Audit;
using Microsoft.Extensions.Time.Testing;
using static KmsKit.Pkcs11.Tests.KeyFactory;

namespace KmsKit.Pkcs11.Tests.Audit;

[Collection(EngineCollection.Name)]
public sealed class AuditVerifyTests(EngineFixture fixture)
{
    private const int Events = 10_000;

    [Fact]
    public async Task Verify_names_every_single_line_change_removal_insertion_and_swap_in_a_ten_thousand_event_log_and_passes_it_untouched()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var engine = new AuditedEngine(fixture, options =>
        {
            options.TimeProvider = clock;
            options.DigestInterval = TimeSpan.FromMinutes(1);
        });
        var key = await Create(engine.Kms);
        for (var i = 1; i < Events; i++)
        {
            if (i % 2 == 0)
            {
                await engine.Kms.DescribeKeyAsync(key.KeyId);
            }
            else
            {
                await engine.Kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = Bytes((byte)i) });
            }

            if (i % 1500 == 0)
            {
                // Interval digests in the middle of the file: they are lines to tamper with too.
                await engine.FlushedEvents();
                clock.Advance(TimeSpan.FromMinutes(1));
            }
        }

        engine.Dispose();
        var texts = File.ReadAllLines(engine.LogPath);
        var lines = texts.Select(t => AuditLogLine.Parse(Encoding.UTF8.GetBytes(t))).ToArray();
        Assert.Equal(Events, lines.Count(l => l.Kind == AuditLineKind.Event));
        Assert.True(lines.Count(l => l.Kind == AuditLineKind.Digest) >= 5);
        Assert.True(Verify(lines).Intact, Verify(lines).Message);
        var fingerprint = lines[0].KeyFingerprint;
        Assert.True(AuditLogVerifier.Verify([new AuditLogFile("audit.log", lines)], fingerprint).Intact);

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, lines.Length, p =>
        {
            var number = p + 1;
            Expect(failures, "change", number, Verify(Replace(lines, p, AuditLogLine.Parse(Encoding.UTF8.GetBytes(Changed(texts[p]))))));
            Expect(failures, "removal", number, Verify(Remove(lines, p)));
            Expect(failures, "insertion", number, Verify(Insert(lines, p, Forged(texts, lines, p))));
            Expect(failures, "insertion of a copy", number, Verify(Insert(lines, p, lines[(p + lines.Length / 2) % lines.Length])));
            if (p + 1 < lines.Length)
            {
                Expect(failures, "swap", number, Verify(Swap(lines, p)));
            }

            if (p % 97 == 0)
            {
                // A byte flipped anywhere, whatever it does to the JSON.
                var bytes = Encoding.UTF8.GetBytes(texts[p]);
                bytes[bytes.Length / 3] ^= 0x01;
                Expect(failures, "flipped bit", number, Verify(Replace(lines, p, AuditLogLine.Parse(bytes))));
            }
        });
        Expect(failures, "insertion at the end", lines.Length + 1, Verify(Insert(lines, lines.Length, Forged(texts, lines, lines.Length))));
        Assert.Empty(failures.OrderBy(f => f, StringComparer.Ordinal).Take(20));

        // What the kind of change looks like, at a few places.
        Assert.Equal(AuditTampering.Removed, Verify(Remove(lines, 5000)).Tampering);
        Assert.Equal(AuditTampering.Inserted, Verify(Insert(lines, 5000, Forged(texts, lines, 5000))).Tampering);
        Assert.Equal(AuditTampering.Reordered, Verify(Swap(lines, 5000)).Tampering);
        Assert.Equal(AuditTampering.Changed, Verify(Replace(lines, 5000, AuditLogLine.Parse(Encoding.UTF8.GetBytes(Changed(texts[5000]))))).Tampering);
        Assert.Equal(AuditTampering.Unsealed, Verify(Remove(lines, lines.Length - 1)).Tampering);
        Assert.Equal(AuditTampering.UntrustedKey, AuditLogVerifier.Verify([new AuditLogFile("audit.log", lines)], new string('a', 64)).Tampering);

        // Cut back to an interval digest, the log would look whole but for its end: a stopped log ends with its closing digest.
        var lastInterval = Array.FindLastIndex(lines, l => l.DigestReason == "interval");
        var cut = Verify(lines[..(lastInterval + 1)]);
        Assert.Equal(AuditTampering.Unsealed, cut.Tampering);
        Assert.Equal(lastInterval + 2, cut.Line);
        Assert.True(AuditLogVerifier.Verify([new AuditLogFile("audit.log", lines[..(lastInterval + 1)])], allowUnsealedTail: true).Intact);
        engine.Delete();
    }

    [Fact]
    public async Task A_rotated_log_verifies_in_any_order_and_a_missing_file_is_named()
    {
        using var engine = new AuditedEngine(fixture, options => options.MaxFileBytes = 64 * 1024);
        var key = await Create(engine.Kms);
        for (var i = 0; i < 400; i++)
        {
            await engine.Kms.DescribeKeyAsync(key.KeyId);
        }

        engine.Dispose();
        var files = engine.LogFiles.Select(AuditLogFile.Read).ToList();
        Assert.True(files.Count >= 4, $"{files.Count} files");
        Assert.True(AuditLogVerifier.Verify(files).Intact);
        Assert.True(AuditLogVerifier.Verify([.. Enumerable.Reverse(files)]).Intact);

        var withoutSecond = files.Where((_, i) => i != 1).ToList();
        var missing = AuditLogVerifier.Verify(withoutSecond);
        Assert.Equal(AuditTampering.Removed, missing.Tampering);
        Assert.Equal(files[2].Name, missing.File);
        Assert.Equal(1, missing.Line);

        var last = AuditLogVerifier.Verify([files[^1]]);
        Assert.True(last.Intact, last.Message);
        Assert.Contains("its earlier lines are not among these files", last.Message, StringComparison.Ordinal);
        engine.Delete();
    }

    [Fact]
    public async Task A_log_reopened_goes_on_with_its_chain_and_a_line_torn_by_a_crash_is_cut_off()
    {
        var folder = Path.Combine(Path.GetTempPath(), "kmskit-audit-resume-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(folder, "audit.log");
        for (var run = 0; run < 3; run++)
        {
            using (var kms = Engine.Pkcs11Kms.OpenEmbedded(fixture.Folder, new Engine.Pkcs11KmsOptions { Audit = new AuditOptions { FilePath = path } }))
            {
                await kms.ListKeysAsync(new ListKeysRequest { Limit = 1 });
                await kms.ListAliasesAsync(new ListAliasesRequest { Limit = 1 });
            }

            // A write torn by a crash: half a line, no newline.
            File.AppendAllText(path, "{\"eventVersion\":\"1.11\",\"eventNa");
        }

        var lines = AuditLogLine.ReadFile(path);
        Assert.Equal(AuditTampering.Changed, AuditLogVerifier.Verify([new AuditLogFile(path, lines)]).Tampering);
        File.WriteAllText(path, File.ReadAllText(path)[..File.ReadAllText(path).LastIndexOf('\n')] + "\n");
        var verification = AuditLogVerifier.Verify([AuditLogFile.Read(path)]);
        Assert.True(verification.Intact, verification.Message);
        Assert.Equal(6, verification.Events);
        Assert.Equal(["open", "close", "resume", "close", "resume", "close"], AuditLogLine.ReadFile(path).Where(l => l.Kind == AuditLineKind.Digest).Select(l => l.DigestReason));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task An_open_log_verifies_only_when_an_unsealed_tail_is_accepted()
    {
        using var engine = new AuditedEngine(fixture);
        await engine.Kms.ListKeysAsync(new ListKeysRequest { Limit = 1 });
        await engine.FlushedEvents();
        var open = AuditLogVerifier.Verify([AuditLogFile.Read(engine.LogPath)]);
        Assert.Equal(AuditTampering.Unsealed, open.Tampering);
        Assert.Equal(3, open.Line);
        var accepted = AuditLogVerifier.Verify([AuditLogFile.Read(engine.LogPath)], allowUnsealedTail: true);
        Assert.True(accepted.Intact, accepted.Message);
        Assert.Equal(1, accepted.UnsealedLines);
        engine.Dispose();
        engine.Delete();
    }

    private static AuditVerification Verify(AuditLogLine[] lines) => AuditLogVerifier.Verify([new AuditLogFile("audit.log", lines)]);

    private static void Expect(System.Collections.Concurrent.ConcurrentBag<string> failures, string change, int line, AuditVerification verification)
    {
        if (verification.Intact || verification.Line != line)
        {
            failures.Add($"{change} at line {line}: {(verification.Intact ? "not detected" : verification.Message)}");
        }
    }

    /// <summary>A plausible edit that keeps the line valid JSON: another value for one field.</summary>
    private static string Changed(string text) =>
        text.Contains("\"readOnly\":true", StringComparison.Ordinal) ? text.Replace("\"readOnly\":true", "\"readOnly\":false", StringComparison.Ordinal)
        : text.Contains("\"kmskitDigest\"", StringComparison.Ordinal) ? text.Replace("\"version\":1", "\"version\":1.0", StringComparison.Ordinal)
        : text.Replace("\"eventName\":\"", "\"eventName\":\"X", StringComparison.Ordinal);

    /// <summary>
    /// The strongest forgery without the signing key: an event that names the line before it and the next sequence
    /// number, as the writer would have.
    /// </summary>
    private static AuditLogLine Forged(string[] texts, AuditLogLine[] lines, int at)
    {
        var previous = at == 0 ? null : lines[at - 1];
        var chain = $"\"kmskitChain\":{{\"sequence\":{(previous?.Sequence ?? 0) + 1},\"previousHash\":\"{previous?.Hash ?? new string('0', 64)}\"}}";
        var template = texts.First(t => t.Contains("\"eventName\":\"DescribeKey\"", StringComparison.Ordinal));
        var forged = template[..template.IndexOf("\"kmskitChain\"", StringComparison.Ordinal)] + chain + "}";
        return AuditLogLine.Parse(Encoding.UTF8.GetBytes(forged.Replace("DescribeKey", "ScheduleKeyDeletion", StringComparison.Ordinal)));
    }

    private static AuditLogLine[] Replace(AuditLogLine[] lines, int at, AuditLogLine line)
    {
        var copy = (AuditLogLine[])lines.Clone();
        copy[at] = line;
        return copy;
    }

    private static AuditLogLine[] Remove(AuditLogLine[] lines, int at)
    {
        var copy = new AuditLogLine[lines.Length - 1];
        Array.Copy(lines, copy, at);
        Array.Copy(lines, at + 1, copy, at, lines.Length - at - 1);
        return copy;
    }

    private static AuditLogLine[] Insert(AuditLogLine[] lines, int at, AuditLogLine line)
    {
        var copy = new AuditLogLine[lines.Length + 1];
        Array.Copy(lines, copy, at);
        copy[at] = line;
        Array.Copy(lines, at, copy, at + 1, lines.Length - at);
        return copy;
    }

    private static AuditLogLine[] Swap(AuditLogLine[] lines, int at)
    {
        var copy = (AuditLogLine[])lines.Clone();
        (copy[at], copy[at + 1]) = (copy[at + 1], copy[at]);
        return copy;
    }
}
