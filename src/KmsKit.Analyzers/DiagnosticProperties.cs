namespace KmsKit.Analyzers;

/// <summary>Keys of the properties that analyzers attach to diagnostics for the code fixes to read.</summary>
internal static class DiagnosticProperties
{
    /// <summary>The smallest valid value of a range rule (KMS002, KMS003, KMS004, KMS006).</summary>
    public const string Minimum = "Minimum";

    /// <summary>The largest valid value of a range rule.</summary>
    public const string Maximum = "Maximum";

    /// <summary>KMS004: which of <see cref="BothSizes"/> or <see cref="NoSize"/> the request has.</summary>
    public const string DataKeySize = "DataKeySize";

    public const string BothSizes = "Both";

    public const string NoSize = "Neither";
}
