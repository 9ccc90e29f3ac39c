namespace KmsKit.Pkcs11.Policies;

/// <summary>One compiled statement. A null action or resource list means the element was absent: the statement never applies.</summary>
internal sealed class PolicyStatement(
    int index,
    string? sid,
    PolicyEffect effect,
    PrincipalSet? principals,
    PatternList? actions,
    bool notAction,
    PatternList? resources,
    bool notResource,
    PolicyCondition[] conditions)
{
    public int Index => index;

    public PrincipalSet? Principals => principals;

    public string? Sid => sid;

    public PolicyEffect Effect => effect;

    /// <summary>How the statement applies to this request: None, or how its Principal names the caller (Direct without a Principal).</summary>
    public PrincipalMatch Applies(AuthorizationContext context)
    {
        if (actions is null || resources is null)
        {
            return PrincipalMatch.None;
        }

        var principal = principals?.Match(context.Caller) ?? PrincipalMatch.Direct;
        if (principal == PrincipalMatch.None
            || actions.Matches(context.Action, context) == notAction
            || resources.Matches(context.Resource, context) == notResource)
        {
            return PrincipalMatch.None;
        }

        foreach (var condition in conditions)
        {
            if (!condition.Holds(context))
            {
                return PrincipalMatch.None;
            }
        }

        return principal;
    }
}
