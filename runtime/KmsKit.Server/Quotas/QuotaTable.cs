using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace KmsKit.Server.Quotas;

/// <summary>
/// Request rates per second by quota name (docs/server.md, "Request quotas"): the shared cryptographic quotas
/// <see cref="Symmetric"/>, <see cref="Rsa"/>, <see cref="Ecc"/>, <c>GenerateDataKeyPair:SPEC</c>, and one per API.
/// A name absent from a table is not throttled.
/// </summary>
internal sealed class QuotaTable
{
    public const string Symmetric = "Symmetric";
    public const string Rsa = "Rsa";
    public const string Ecc = "Ecc";
    public const string DataKeyPairPrefix = "GenerateDataKeyPair:";

    /// <summary>A rate no server reaches: anything larger is a typing error.</summary>
    private const double MaxRate = 1_000_000;

    private QuotaTable(IReadOnlyDictionary<string, double> rates) => Rates = rates;

    /// <summary>
    /// AWS KMS's default quotas from the developer guide's "Request quotas" page (archived as awsdocs/aws-kms-developer-guide
    /// doc_source/requests-per-second.md), with the shared symmetric quota at its base of 5,500 (some regions have
    /// 10,000 or 50,000) and the current guide's RSA 500 and ECC 300.
    /// </summary>
    public static QuotaTable Aws { get; } = new(new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [Symmetric] = 5500,
        [Rsa] = 500,
        [Ecc] = 300,
        [DataKeyPairPrefix + "RSA_2048"] = 1,
        [DataKeyPairPrefix + "RSA_3072"] = 0.5,
        [DataKeyPairPrefix + "RSA_4096"] = 0.1,
        [DataKeyPairPrefix + "ECC_NIST_P256"] = 25,
        [DataKeyPairPrefix + "ECC_NIST_P384"] = 10,
        [DataKeyPairPrefix + "ECC_NIST_P521"] = 5,
        [DataKeyPairPrefix + "ECC_SECG_P256K1"] = 25,
        ["CancelKeyDeletion"] = 5,
        ["ConnectCustomKeyStore"] = 5,
        ["CreateAlias"] = 5,
        ["CreateCustomKeyStore"] = 5,
        ["CreateGrant"] = 50,
        ["CreateKey"] = 5,
        ["DeleteAlias"] = 5,
        ["DeleteCustomKeyStore"] = 5,
        ["DeleteImportedKeyMaterial"] = 5,
        ["DescribeCustomKeyStores"] = 5,
        ["DescribeKey"] = 100,
        ["DisableKey"] = 5,
        ["DisableKeyRotation"] = 5,
        ["DisconnectCustomKeyStore"] = 5,
        ["EnableKey"] = 5,
        ["EnableKeyRotation"] = 5,
        ["GetKeyPolicy"] = 30,
        ["GetKeyRotationStatus"] = 30,
        ["GetParametersForImport"] = 0.25,
        ["GetPublicKey"] = 5,
        ["ImportKeyMaterial"] = 5,
        ["ListAliases"] = 100,
        ["ListGrants"] = 100,
        ["ListKeyPolicies"] = 100,
        ["ListKeys"] = 100,
        ["ListResourceTags"] = 100,
        ["ListRetirableGrants"] = 5,
        ["PutKeyPolicy"] = 5,
        ["RetireGrant"] = 15,
        ["RevokeGrant"] = 15,
        ["ScheduleKeyDeletion"] = 5,
        ["TagResource"] = 5,
        ["UntagResource"] = 5,
        ["UpdateAlias"] = 5,
        ["UpdateCustomKeyStore"] = 5,
        ["UpdateKeyDescription"] = 5,
    });

    /// <summary>No quota: the server without <c>--quotas</c>.</summary>
    public static QuotaTable None { get; } = new(new Dictionary<string, double>(StringComparer.Ordinal));

    public IReadOnlyDictionary<string, double> Rates { get; }

    /// <summary>
    /// <c>aws</c>, or a JSON file <c>{"quotas": {"Symmetric": 5, "CreateKey": 1}}</c> whose names are those of
    /// <see cref="Aws"/>. Throws <see cref="InvalidDataException"/> naming the first bad entry.
    /// </summary>
    public static QuotaTable Load(string awsOrFile)
    {
        if (awsOrFile == "aws")
        {
            return Aws;
        }

        using var document = Parse(awsOrFile);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("quotas", out var quotas) || quotas.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{awsOrFile}: expected {{\"quotas\": {{\"NAME\": requests per second, ...}}}}.");
        }

        var rates = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in quotas.EnumerateObject())
        {
            if (!Aws.Rates.ContainsKey(entry.Name))
            {
                throw new InvalidDataException(
                    $"{awsOrFile}: '{entry.Name}' is not a quota name; the names are {string.Join(", ", Aws.Rates.Keys.Order(StringComparer.Ordinal))}.");
            }

            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetDouble(out var rate) || rate is not (> 0 and <= MaxRate))
            {
                throw new InvalidDataException(
                    $"{awsOrFile}: quota '{entry.Name}' must be a number of requests per second above 0 and at most {MaxRate.ToString(CultureInfo.InvariantCulture)}, not {entry.Value.GetRawText()}.");
            }

            rates[entry.Name] = rate;
        }

        return new QuotaTable(rates);
    }

    private static JsonDocument Parse(string file)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}: not JSON: {e.Message}", e);
        }
    }
}
