namespace KmsKit.Pkcs11.Policies;

/// <summary>An Action or Resource element's values: matches when any one does.</summary>
internal sealed class PatternList(WildcardPattern[] patterns)
{
    public bool Matches(string value, AuthorizationContext context)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.IsMatch(value, context))
            {
                return true;
            }
        }

        return false;
    }
}
