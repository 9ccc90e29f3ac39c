using System.Collections.Generic;

namespace KmsKit.Pkcs11.Policies;

/// <summary>The statements that apply to one request, sorted by what they mean for the decision.</summary>
internal sealed class PolicyFindings
{
    public List<StatementReference> KeyPolicyDenies { get; } = [];

    public List<StatementReference> IdentityDenies { get; } = [];

    /// <summary>Key policy allows naming the caller itself (or <c>*</c>).</summary>
    public List<StatementReference> DirectAllows { get; } = [];

    /// <summary>Key policy allows naming the caller's account: delegation to that account's IAM policies.</summary>
    public List<StatementReference> AccountAllows { get; } = [];

    public List<StatementReference> IdentityAllows { get; } = [];

    public void Add(StatementReference statement, PrincipalMatch match)
    {
        var list = (statement.Source, statement.Effect, match) switch
        {
            (PolicySource.KeyPolicy, PolicyEffect.Deny, _) => KeyPolicyDenies,
            (PolicySource.IdentityPolicy, PolicyEffect.Deny, _) => IdentityDenies,
            (PolicySource.KeyPolicy, _, PrincipalMatch.Direct) => DirectAllows,
            (PolicySource.KeyPolicy, _, _) => AccountAllows,
            _ => IdentityAllows,
        };
        list.Add(statement);
    }
}
