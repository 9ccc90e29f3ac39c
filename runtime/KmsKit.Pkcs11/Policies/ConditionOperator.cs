using System;
using System.Collections.Generic;

namespace KmsKit.Pkcs11.Policies;

/// <summary>A parsed condition operator name such as <c>ForAllValues:StringEqualsIgnoreCaseIfExists</c>.</summary>
internal sealed record ConditionOperator(ConditionFamily Family, ConditionComparison Comparison, bool Negated, bool IfExists, SetQualifier Qualifier)
{
    private const string IfExistsSuffix = "IfExists";

    private static readonly Dictionary<string, (ConditionFamily Family, ConditionComparison Comparison, bool Negated)> Names = new(StringComparer.Ordinal)
    {
        ["StringEquals"] = (ConditionFamily.String, ConditionComparison.Equals, false),
        ["StringNotEquals"] = (ConditionFamily.String, ConditionComparison.Equals, true),
        ["StringEqualsIgnoreCase"] = (ConditionFamily.String, ConditionComparison.EqualsIgnoreCase, false),
        ["StringNotEqualsIgnoreCase"] = (ConditionFamily.String, ConditionComparison.EqualsIgnoreCase, true),
        ["StringLike"] = (ConditionFamily.String, ConditionComparison.Like, false),
        ["StringNotLike"] = (ConditionFamily.String, ConditionComparison.Like, true),
        ["ArnEquals"] = (ConditionFamily.Arn, ConditionComparison.Like, false),
        ["ArnNotEquals"] = (ConditionFamily.Arn, ConditionComparison.Like, true),
        ["ArnLike"] = (ConditionFamily.Arn, ConditionComparison.Like, false),
        ["ArnNotLike"] = (ConditionFamily.Arn, ConditionComparison.Like, true),
        ["NumericEquals"] = (ConditionFamily.Numeric, ConditionComparison.Equals, false),
        ["NumericNotEquals"] = (ConditionFamily.Numeric, ConditionComparison.Equals, true),
        ["NumericLessThan"] = (ConditionFamily.Numeric, ConditionComparison.LessThan, false),
        ["NumericLessThanEquals"] = (ConditionFamily.Numeric, ConditionComparison.LessThanEquals, false),
        ["NumericGreaterThan"] = (ConditionFamily.Numeric, ConditionComparison.GreaterThan, false),
        ["NumericGreaterThanEquals"] = (ConditionFamily.Numeric, ConditionComparison.GreaterThanEquals, false),
        ["DateEquals"] = (ConditionFamily.Date, ConditionComparison.Equals, false),
        ["DateNotEquals"] = (ConditionFamily.Date, ConditionComparison.Equals, true),
        ["DateLessThan"] = (ConditionFamily.Date, ConditionComparison.LessThan, false),
        ["DateLessThanEquals"] = (ConditionFamily.Date, ConditionComparison.LessThanEquals, false),
        ["DateGreaterThan"] = (ConditionFamily.Date, ConditionComparison.GreaterThan, false),
        ["DateGreaterThanEquals"] = (ConditionFamily.Date, ConditionComparison.GreaterThanEquals, false),
        ["Bool"] = (ConditionFamily.Bool, ConditionComparison.EqualsIgnoreCase, false),
        ["Null"] = (ConditionFamily.Null, ConditionComparison.Equals, false),
        ["IpAddress"] = (ConditionFamily.IpAddress, ConditionComparison.Equals, false),
        ["NotIpAddress"] = (ConditionFamily.IpAddress, ConditionComparison.Equals, true),
    };

    /// <summary>Reads an operator name; an unknown one is a syntax error, as is Null with IfExists (IAM forbids it).</summary>
    public static ConditionOperator Parse(string name)
    {
        var qualifier = SetQualifier.None;
        if (name.StartsWith("ForAnyValue:", StringComparison.Ordinal))
        {
            qualifier = SetQualifier.ForAnyValue;
            name = name["ForAnyValue:".Length..];
        }
        else if (name.StartsWith("ForAllValues:", StringComparison.Ordinal))
        {
            qualifier = SetQualifier.ForAllValues;
            name = name["ForAllValues:".Length..];
        }

        var ifExists = name.EndsWith(IfExistsSuffix, StringComparison.Ordinal);
        if (ifExists)
        {
            name = name[..^IfExistsSuffix.Length];
        }

        if (!Names.TryGetValue(name, out var known) || (ifExists && known.Family == ConditionFamily.Null))
        {
            throw PolicyErrors.Malformed(PolicyErrors.Syntax);
        }

        return new ConditionOperator(known.Family, known.Comparison, known.Negated, ifExists, qualifier);
    }
}
