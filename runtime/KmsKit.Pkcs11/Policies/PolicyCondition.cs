using System.Collections.Generic;

namespace KmsKit.Pkcs11.Policies;

/// <summary>
/// One condition key under one operator with its policy values (ORed). IAM's rules for a missing key, IfExists and
/// the ForAnyValue/ForAllValues qualifiers are applied here.
/// </summary>
internal sealed class PolicyCondition(ConditionOperator op, string key, ConditionValue[] values)
{
    public bool Holds(AuthorizationContext context)
    {
        var present = context.TryGetValues(key, out var requestValues) && requestValues.Count > 0;
        if (op.Family == ConditionFamily.Null)
        {
            foreach (var value in values)
            {
                if (value.Flag != present)
                {
                    return true;
                }
            }

            return false;
        }

        if (!present)
        {
            return op.IfExists || op.Qualifier == SetQualifier.ForAllValues || (op.Qualifier == SetQualifier.None && op.Negated);
        }

        // Without a qualifier a negated operator must hold for every request value ("none of them equals").
        var all = op.Qualifier == SetQualifier.ForAllValues || (op.Qualifier == SetQualifier.None && op.Negated);
        for (var i = 0; i < requestValues.Count; i++)
        {
            var holds = AnyMatches(requestValues[i], context) != op.Negated;
            if (holds != all)
            {
                return holds;
            }
        }

        return all;
    }

    private bool AnyMatches(string requestValue, AuthorizationContext context)
    {
        foreach (var value in values)
        {
            if (value.Matches(requestValue, context))
            {
                return true;
            }
        }

        return false;
    }
}
