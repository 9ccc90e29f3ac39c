using BenchmarkDotNet.Attributes;
using KmsKit.Pkcs11.Policies;

namespace KmsKit.Benchmarks.Policies;

/// <summary>
/// The policies issue's target: one authorization (a console-style three-statement key policy, parsed once through the
/// cache, plus one identity policy) under 5 µs, with and without building the request's context.
/// </summary>
[MemoryDiagnoser]
public class KeyAccessEvaluationBenchmark
{
    private const string Account = "111122223333";
    private const string KeyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private const string KeyPolicy = """
        {
          "Version": "2012-10-17",
          "Id": "key-consolepolicy-3",
          "Statement": [
            { "Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" },
            { "Sid": "Allow access for Key Administrators", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/Admin" },
              "Action": ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"],
              "Resource": "*" },
            { "Sid": "Allow use of the key", "Effect": "Allow", "Principal": { "AWS": ["arn:aws:iam::111122223333:role/App", "arn:aws:iam::111122223333:user/Bob"] },
              "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], "Resource": "*",
              "Condition": { "StringEquals": { "kms:EncryptionContext:Department": "IT" } } }
          ]
        }
        """;

    private const string IdentityPolicy = """
        { "Version": "2012-10-17", "Statement": { "Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "arn:aws:kms:*:111122223333:key/*" } }
        """;

    private readonly PolicyCache _cache = new();
    private readonly CallerIdentity _caller = CallerIdentity.Parse("arn:aws:sts::111122223333:assumed-role/App/worker-1");
    private PolicyDocument[] _identity = [];
    private AuthorizationContext _context = null!;
    private PolicyDocument _keyPolicy = null!;

    [GlobalSetup]
    public void Setup()
    {
        _identity = [_cache.Get(IdentityPolicy, PolicyKind.IdentityPolicy)];
        _context = NewContext();
        _keyPolicy = _cache.Get(KeyPolicy);
        if (!KeyAccessEvaluator.Evaluate(_context, Account, _keyPolicy, _identity).IsAllowed)
        {
            throw new InvalidOperationException("The benchmarked request must be allowed.");
        }
    }

    /// <summary>The policies already in hand: what evaluation alone costs, beside the cache lookup (hashing the text).</summary>
    [Benchmark]
    public AuthorizationResult EvaluateParsed() => KeyAccessEvaluator.Evaluate(_context, Account, _keyPolicy, _identity);

    [Benchmark(Baseline = true)]
    public AuthorizationResult Evaluate() => KeyAccessEvaluator.Evaluate(_context, Account, _cache.Get(KeyPolicy), _identity);

    [Benchmark]
    public AuthorizationResult BuildContextAndEvaluate() => KeyAccessEvaluator.Evaluate(NewContext(), Account, _cache.Get(KeyPolicy), _identity);

    private AuthorizationContext NewContext() =>
        new AuthorizationContext("kms:Decrypt", KeyArn, _caller)
            .Add("kms:EncryptionContext:Department", "IT")
            .Add("kms:EncryptionContextKeys", "Department")
            .Add("kms:CallerAccount", Account)
            .Add("aws:SecureTransport", "true");
}
