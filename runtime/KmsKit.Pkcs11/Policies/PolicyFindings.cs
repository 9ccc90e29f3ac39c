using System.Collections.Generic;

namespace KmsKit.Pkcs11.Policies;

/// <summary>The statements that apply to one request, sorted by what they mean for the decision (lists made on first use).</summary>
internal sealed class PolicyFindings
{
    private List<StatementReference>? _keyPolicyDenies;
    private List<StatementReference>? _identityDenies;
    private List<StatementReference>? _directAllows;
    private List<StatementReference>? _accountAllows;
    private List<StatementReference>? _identityAllows;

    public IReadOnlyList<StatementReference> KeyPolicyDenies => _keyPolicyDenies ?? [];

    public IReadOnlyList<StatementReference> IdentityDenies => _identityDenies ?? [];

    /// <summary>Key policy allows naming the caller itself (or <c>*</c>).</summary>
    public IReadOnlyList<StatementReference> DirectAllows => _directAllows ?? [];

    /// <summary>Key policy allows naming the caller's account: delegation to that account's IAM policies.</summary>
    public IReadOnlyList<StatementReference> AccountAllows => _accountAllows ?? [];

    public IReadOnlyList<StatementReference> IdentityAllows => _identityAllows ?? [];

    public void Add(StatementReference statement, PrincipalMatch match)
    {
        switch (statement.Source, statement.Effect, match)
        {
            case (PolicySource.KeyPolicy, PolicyEffect.Deny, _):
                (_keyPolicyDenies ??= []).Add(statement);
                break;
            case (PolicySource.IdentityPolicy, PolicyEffect.Deny, _):
                (_identityDenies ??= []).Add(statement);
                break;
            case (PolicySource.KeyPolicy, _, PrincipalMatch.Direct):
                (_directAllows ??= []).Add(statement);
                break;
            case (PolicySource.KeyPolicy, _, _):
                (_accountAllows ??= []).Add(statement);
                break;
            default:
                (_identityAllows ??= []).Add(statement);
                break;
        }
    }
}
