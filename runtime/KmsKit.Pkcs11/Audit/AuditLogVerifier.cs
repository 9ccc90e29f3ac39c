using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace KmsKit.Pkcs11.Audit;

/// <summary>An audit file, read: its name (for messages) and its lines.</summary>
public sealed record AuditLogFile(string Name, IReadOnlyList<AuditLogLine> Lines)
{
    public static AuditLogFile Read(string path) => new(path, AuditLogLine.ReadFile(path));
}

/// <summary>How a log failed verification: the kind of change the first broken place looks like.</summary>
public enum AuditTampering
{
    None,
    Changed,
    Removed,
    Inserted,
    Reordered,

    /// <summary>The log ends with lines no signed digest covers (the closing digest was removed, or the log is still being written).</summary>
    Unsealed,

    /// <summary>A digest is signed by another key than the pinned one (or than the log's other digests).</summary>
    UntrustedKey,
}

/// <summary>The outcome of <see cref="AuditLogVerifier.Verify"/>.</summary>
/// <param name="File">The file of the first problem (null when intact).</param>
/// <param name="Line">Its line, from 1 (for a removal: the line now where the first missing one was).</param>
public sealed record AuditVerification(
    AuditTampering Tampering,
    string Message,
    string? File,
    int Line,
    int Lines,
    int Events,
    int Digests,
    string? KeyFingerprint,
    long FirstSequence,
    int UnsealedLines)
{
    public bool Intact => Tampering == AuditTampering.None;
}

/// <summary>
/// Checks audit files offline (docs/audit.md): each line's hash link to the line before it and its sequence number, every
/// digest's signature and key, where digests must be (a file opens with one, nothing follows a rotation's or a closing
/// one but a resumption), and that the log ends sealed. At the first broken place it says what the change looks like:
/// a line changed, removed, inserted, or two lines swapped. Files are put in chain order (by their first sequence number)
/// whatever the order given.
/// </summary>
public static class AuditLogVerifier
{
    /// <param name="keyFingerprint">The pinned signing key (SHA-256 of its SubjectPublicKeyInfo, hex); null trusts the key of the first digest.</param>
    /// <param name="allowUnsealedTail">Accept a last file that ends without a digest (a log still being written).</param>
    public static AuditVerification Verify(IReadOnlyList<AuditLogFile> files, string? keyFingerprint = null, bool allowUnsealedTail = false)
    {
        ArgumentNullException.ThrowIfNull(files);
        var ordered = files.Select((file, index) => (File: file, Index: index))
            .OrderBy(f => f.File.Lines.FirstOrDefault(l => l.SequenceNumber != 0)?.SequenceNumber ?? long.MaxValue)
            .ThenBy(f => f.Index)
            .Select(f => f.File)
            .ToList();
        var lines = new List<(AuditLogFile File, int Number, AuditLogLine Line)>();
        foreach (var file in ordered)
        {
            for (var i = 0; i < file.Lines.Count; i++)
            {
                lines.Add((file, i + 1, file.Lines[i]));
            }
        }

        return new Check(lines, keyFingerprint?.ToLowerInvariant(), allowUnsealedTail).Run();
    }

    private sealed class Check(List<(AuditLogFile File, int Number, AuditLogLine Line)> lines, string? pinned, bool allowUnsealedTail)
    {
        private readonly string? _pinned = pinned;
        private string? _key = pinned;
        private int _events;
        private int _digests;

        public AuditVerification Run()
        {
            if (lines.Count == 0)
            {
                return Result(AuditTampering.Unsealed, "There are no lines to verify.", null, 0, 0);
            }

            for (var i = 0; i < lines.Count; i++)
            {
                if (Problem(i) is { } problem)
                {
                    return problem;
                }
            }

            var lastDigest = lines.FindLastIndex(l => l.Line.Kind == AuditLineKind.Digest);
            var unsealed = lines.Count - 1 - lastDigest;
            if (unsealed > 0 && !allowUnsealedTail)
            {
                var (file, number, _) = lines[^1];
                return Result(AuditTampering.Unsealed,
                    $"{At(file, number + 1)}: the log ends without its closing digest: the last {unsealed} line(s) are not covered by a signature (the digest that sealed them was removed, or the log is still being written: --allow-unsealed-tail accepts that).",
                    file.Name, number + 1, unsealed);
            }

            // A log that stopped ends with its closing digest (a rotated file alone, with its rotation's). One that ends on
            // another digest was cut there, or is still being written.
            if (unsealed == 0 && !allowUnsealedTail && lines[^1].Line.DigestReason is not (AuditLogFormat.Reasons.Close or AuditLogFormat.Reasons.Rotate))
            {
                var (file, number, line) = lines[^1];
                return Result(AuditTampering.Unsealed,
                    $"{At(file, number + 1)}: the log ends on a digest of a log still open ('{line.DigestReason}'), not on its closing one: the lines after it were removed, or the log is still being written (--allow-unsealed-tail accepts that).",
                    file.Name, number + 1, 0);
            }

            var first = lines[0].Line.SequenceNumber;
            var message = string.Create(CultureInfo.InvariantCulture,
                $"Intact: {lines.Count} lines in {lines.Select(l => l.File).Distinct().Count()} file(s), {_events} events, {_digests} signed digests, key sha256:{_key}{(_pinned is null ? " (not pinned: give --key-fingerprint to check it is yours)" : " (pinned)")}");
            if (first > 1)
            {
                message += string.Create(CultureInfo.InvariantCulture, $"; the chain starts at sequence {first}, its earlier lines are not among these files");
            }

            if (unsealed > 0)
            {
                message += string.Create(CultureInfo.InvariantCulture, $"; the last {unsealed} line(s) are not yet sealed by a digest");
            }

            return Result(AuditTampering.None, message + ".", null, 0, unsealed);
        }

        private AuditVerification? Problem(int i)
        {
            var (file, number, line) = lines[i];
            if (line.Kind == AuditLineKind.Invalid)
            {
                return Found(AuditTampering.Changed, i, $"line {number} was changed: {line.Problem}");
            }

            if (number == 1 && line.DigestReason != AuditLogFormat.Reasons.Open)
            {
                return Found(AuditTampering.Removed, i,
                    "a file begins with its signed 'open' digest, and line 1 is not one: lines were removed from, inserted at or moved to the start");
            }

            if (line.Kind == AuditLineKind.Digest)
            {
                _digests++;
                _key ??= line.KeyFingerprint;
                if (line.KeyFingerprint != _key)
                {
                    return Found(AuditTampering.UntrustedKey, i, _pinned is null
                        ? $"line {number} is signed by key sha256:{line.KeyFingerprint}, not by the key of the log's first digest (sha256:{_key})"
                        : $"line {number} is signed by key sha256:{line.KeyFingerprint}, not by the pinned key sha256:{_pinned}");
                }
            }
            else
            {
                _events++;
            }

            if (i == 0)
            {
                return line.SequenceNumber == 1 && line.PreviousValue != ChainHash.Genesis
                    ? Found(AuditTampering.Changed, i, "the log's first line (sequence 1) must follow no line, and it names one")
                    : null;
            }

            var before = lines[i - 1].Line;
            var linked = line.PreviousValue == before.HashValue;
            if (linked && line.SequenceNumber == before.SequenceNumber + 1)
            {
                return Misplaced(i, before);
            }

            if (linked)
            {
                return Found(AuditTampering.Changed, i, $"line {number} was changed: its sequence number {line.SequenceNumber} does not follow {before.SequenceNumber}");
            }

            return Classify(i);
        }

        /// <summary>Digests where the writer never puts them: only a resumption follows a closing digest, nothing follows a rotation's.</summary>
        private AuditVerification? Misplaced(int i, AuditLogLine before)
        {
            var (file, number, line) = lines[i];
            var sameFile = lines[i - 1].File == file;
            if (sameFile && before.DigestReason == AuditLogFormat.Reasons.Close && line.DigestReason != AuditLogFormat.Reasons.Resume)
            {
                return Found(AuditTampering.Inserted, i, $"line {number} was inserted: after the closing digest only a resumption can follow");
            }

            if (sameFile && before.DigestReason == AuditLogFormat.Reasons.Rotate)
            {
                return Found(AuditTampering.Inserted, i, $"line {number} was inserted: the file was rotated at the line before it");
            }

            return null;
        }

        /// <summary>
        /// Line i does not link to line i-1. Which single change explains it: a line removed before i, line i-1 or i changed,
        /// line i-1 or i inserted, lines i and i+1 swapped.
        /// </summary>
        private AuditVerification Classify(int i)
        {
            var (_, number, line) = lines[i];
            var before = lines[i - 1].Line;
            var after = i + 1 < lines.Count ? lines[i + 1].Line : null;
            var twoBefore = i >= 2 ? lines[i - 2].Line : null;
            if (line.HashValue == before.HashValue)
            {
                return Found(AuditTampering.Inserted, i, $"line {number} was inserted: it repeats line {lines[i - 1].Number}");
            }

            if (twoBefore is not null && line.PreviousValue == twoBefore.HashValue)
            {
                return Found(AuditTampering.Inserted, i - 1, $"line {lines[i - 1].Number} was inserted: the line after it follows the line before it");
            }

            if (after is not null && after.PreviousValue == before.HashValue)
            {
                return line.PreviousValue == after.HashValue
                    ? Found(AuditTampering.Reordered, i, $"lines {number} and {lines[i + 1].Number} were swapped")
                    : Found(AuditTampering.Inserted, i, $"line {number} was inserted: the line after it follows the line before it");
            }

            if (after is not null && after.PreviousValue != line.HashValue)
            {
                return Found(AuditTampering.Changed, i, $"line {number} was changed: neither the line before it nor the line after it links to it");
            }

            var gap = line.SequenceNumber - before.SequenceNumber;
            var beforeInOrder = twoBefore is null || before.SequenceNumber == twoBefore.SequenceNumber + 1;
            if (gap > 1 && beforeInOrder)
            {
                return Found(AuditTampering.Removed, i, string.Create(CultureInfo.InvariantCulture,
                    $"{gap - 1} line(s) were removed before line {number} (sequence {before.SequenceNumber + 1}{(gap > 2 ? $" to {line.SequenceNumber - 1}" : string.Empty)})"));
            }

            return before.Kind == AuditLineKind.Digest
                ? Found(AuditTampering.Changed, i, $"line {number} was changed or inserted: it does not follow the signed digest before it")
                : Found(AuditTampering.Changed, i - 1, $"line {lines[i - 1].Number} was changed: the next line recorded another hash for it");
        }

        private AuditVerification Found(AuditTampering tampering, int index, string what)
        {
            var (file, number, _) = lines[index];
            return Result(tampering, $"{At(file, number)}: {what}.", file.Name, number, 0);
        }

        private static string At(AuditLogFile file, int number) => $"{file.Name}:{number}";

        private AuditVerification Result(AuditTampering tampering, string message, string? file, int line, int unsealed) =>
            new(tampering, message, file, line, lines.Count, _events, _digests, _key, lines.Count > 0 ? lines[0].Line.SequenceNumber : 0, unsealed);
    }
}
