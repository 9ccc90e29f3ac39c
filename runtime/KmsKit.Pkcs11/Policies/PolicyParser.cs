using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace KmsKit.Pkcs11.Policies;

/// <summary>Reads a policy's JSON into compiled statements, rejecting what IAM and KMS reject.</summary>
internal static class PolicyParser
{
    public const string Version2012 = "2012-10-17";
    public const string Version2008 = "2008-10-17";

    public static (string Version, string? Id, PolicyStatement[] Statements) Parse(string json, PolicyKind kind)
    {
        using var document = Json(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw PolicyErrors.Malformed(PolicyErrors.Syntax);
        }

        string version = Version2008;
        string? id = null;
        JsonElement? statement = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "Version":
                    version = property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is Version2012 or Version2008
                        ? property.Value.GetString()!
                        : throw PolicyErrors.Malformed(PolicyErrors.InvalidVersion);
                    break;
                case "Id":
                    id = Text(property.Value);
                    break;
                case "Statement":
                    statement = property.Value;
                    break;
                default:
                    throw PolicyErrors.Malformed(PolicyErrors.Syntax);
            }
        }

        var elements = statement switch
        {
            { ValueKind: JsonValueKind.Object } single => new[] { single },
            { ValueKind: JsonValueKind.Array } array when array.GetArrayLength() > 0 => array.EnumerateArray().ToArray(),
            _ => throw PolicyErrors.Malformed(PolicyErrors.Syntax),
        };

        var statements = new PolicyStatement[elements.Length];
        for (var i = 0; i < elements.Length; i++)
        {
            statements[i] = Statement(elements[i], i, kind, variables: version == Version2012);
        }

        return (version, id, statements);
    }

    /// <summary>A string or an array of strings; anything else is rejected with <paramref name="error"/>.</summary>
    public static List<string> Strings(JsonElement element, string error)
    {
        var values = new List<string>();
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                values.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw PolicyErrors.Malformed(error));
            }
        }
        else
        {
            values.Add(element.ValueKind == JsonValueKind.String ? element.GetString()! : throw PolicyErrors.Malformed(error));
        }

        return values.Count > 0 ? values : throw PolicyErrors.Malformed(error);
    }

    private static JsonDocument Json(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw PolicyErrors.Malformed(PolicyErrors.InvalidJson);
        }
    }

    private static PolicyStatement Statement(JsonElement element, int index, PolicyKind kind, bool variables)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw PolicyErrors.Malformed(PolicyErrors.Syntax);
        }

        string? sid = null;
        PolicyEffect? effect = null;
        PrincipalSet? principals = null;
        PatternList? actions = null;
        PatternList? resources = null;
        bool notAction = false, notResource = false;
        var conditions = Array.Empty<PolicyCondition>();
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "Sid":
                    sid = Text(value);
                    break;
                case "Effect":
                    effect = Text(value) switch
                    {
                        "Allow" => PolicyEffect.Allow,
                        "Deny" => PolicyEffect.Deny,
                        _ => throw PolicyErrors.Malformed(PolicyErrors.Syntax),
                    };
                    break;
                case "Principal" or "NotPrincipal":
                    principals = kind == PolicyKind.IdentityPolicy
                        ? throw PolicyErrors.Malformed(PolicyErrors.PrincipalInIdentityPolicy)
                        : Once(principals, PrincipalSet.Parse(value, negated: property.Name == "NotPrincipal"));
                    break;
                case "Action" or "NotAction":
                    actions = Once(actions, Actions(value));
                    notAction = property.Name == "NotAction";
                    break;
                case "Resource" or "NotResource":
                    resources = Once(resources, Patterns(value, ignoreCase: false, variables));
                    notResource = property.Name == "NotResource";
                    break;
                case "Condition":
                    conditions = Conditions(value, variables);
                    break;
                default:
                    throw PolicyErrors.Malformed(PolicyErrors.Syntax);
            }
        }

        if (effect is null)
        {
            throw PolicyErrors.Malformed(PolicyErrors.Syntax);
        }

        if (kind == PolicyKind.KeyPolicy && principals is null)
        {
            throw PolicyErrors.Malformed(PolicyErrors.InvalidPrincipals);
        }

        // KMS accepts a key policy statement without Action or Resource (it has no effect); IAM rejects one.
        if (kind == PolicyKind.IdentityPolicy && actions is null)
        {
            throw PolicyErrors.Malformed(PolicyErrors.MissingActions);
        }

        if (kind == PolicyKind.IdentityPolicy && resources is null)
        {
            throw PolicyErrors.Malformed(PolicyErrors.MissingResources);
        }

        return new PolicyStatement(index, sid, effect.Value, principals, actions, notAction, resources, notResource, conditions);
    }

    private static PatternList Actions(JsonElement value)
    {
        var actions = Strings(value, PolicyErrors.Syntax);
        foreach (var action in actions)
        {
            var colons = action.AsSpan().Count(':');
            if (action != "*" && colons == 0)
            {
                throw PolicyErrors.Malformed("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
            }

            if (colons > 1)
            {
                throw PolicyErrors.Malformed("Actions/Condition can contain only one colon.");
            }
        }

        return Patterns(actions, ignoreCase: true, variables: false);
    }

    private static PatternList Patterns(JsonElement value, bool ignoreCase, bool variables) =>
        Patterns(Strings(value, PolicyErrors.Syntax), ignoreCase, variables);

    private static PatternList Patterns(List<string> values, bool ignoreCase, bool variables) =>
        new(values.ConvertAll(v => WildcardPattern.Compile(v, wildcards: true, ignoreCase, variables)).ToArray());

    private static PolicyCondition[] Conditions(JsonElement element, bool variables)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw PolicyErrors.Malformed(PolicyErrors.Syntax);
        }

        var conditions = new List<PolicyCondition>();
        foreach (var byOperator in element.EnumerateObject())
        {
            var op = ConditionOperator.Parse(byOperator.Name);
            if (byOperator.Value.ValueKind != JsonValueKind.Object)
            {
                throw PolicyErrors.Malformed(PolicyErrors.Syntax);
            }

            foreach (var byKey in byOperator.Value.EnumerateObject())
            {
                var values = ConditionValues(byKey.Value).ConvertAll(v => new ConditionValue(op, v, variables));
                conditions.Add(new PolicyCondition(op, byKey.Name, values.ToArray()));
            }
        }

        return conditions.ToArray();
    }

    // Condition values may be JSON booleans and numbers as well as strings ("Bool": {"aws:SecureTransport": true}).
    private static List<string> ConditionValues(JsonElement element)
    {
        var items = element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().ToArray() : new[] { element };
        var values = new List<string>(items.Length);
        foreach (var item in items)
        {
            values.Add(item.ValueKind switch
            {
                JsonValueKind.String => item.GetString()!,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Number => item.GetRawText(),
                _ => throw PolicyErrors.Malformed(PolicyErrors.Syntax),
            });
        }

        return values.Count > 0 ? values : throw PolicyErrors.Malformed(PolicyErrors.Syntax);
    }

    private static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw PolicyErrors.Malformed(PolicyErrors.Syntax);

    private static T Once<T>(T? existing, T parsed)
        where T : class => existing is null ? parsed : throw PolicyErrors.Malformed(PolicyErrors.Syntax);
}
