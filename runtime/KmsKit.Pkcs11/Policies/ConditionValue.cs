using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace KmsKit.Pkcs11.Policies;

/// <summary>One policy value of a condition, converted at parse time to what its operator compares.</summary>
internal sealed class ConditionValue
{
    private readonly ConditionOperator _operator;
    private readonly WildcardPattern? _pattern;
    private readonly decimal _number;
    private readonly DateTimeOffset _date;
    private readonly IPNetwork _network;
    private readonly bool _flag;

    public ConditionValue(ConditionOperator op, string text, bool variables)
    {
        _operator = op;
        switch (op.Family)
        {
            case ConditionFamily.String or ConditionFamily.Arn:
                _pattern = WildcardPattern.Compile(
                    text,
                    wildcards: op.Comparison == ConditionComparison.Like,
                    ignoreCase: op.Comparison == ConditionComparison.EqualsIgnoreCase,
                    variables);
                break;
            case ConditionFamily.Numeric:
                _number = TryNumber(text, out var number) ? number : throw PolicyErrors.Malformed(PolicyErrors.Syntax);
                break;
            case ConditionFamily.Date:
                _date = TryDate(text, out var date) ? date : throw PolicyErrors.Malformed(PolicyErrors.Syntax);
                break;
            case ConditionFamily.Bool or ConditionFamily.Null:
                _flag = bool.TryParse(text, out var flag) ? flag : throw PolicyErrors.Malformed(PolicyErrors.Syntax);
                break;
            case ConditionFamily.IpAddress:
                _network = TryNetwork(text, out var network) ? network : throw PolicyErrors.Malformed(PolicyErrors.Syntax);
                break;
        }
    }

    /// <summary>For Null: true means "the key must be absent".</summary>
    public bool Flag => _flag;

    /// <summary>Whether one request value matches this policy value (before the operator's negation).</summary>
    public bool Matches(string requestValue, AuthorizationContext context) => _operator.Family switch
    {
        ConditionFamily.String or ConditionFamily.Arn => _pattern!.IsMatch(requestValue, context),
        ConditionFamily.Numeric => TryNumber(requestValue, out var number) && Compare(number.CompareTo(_number)),
        ConditionFamily.Date => TryDate(requestValue, out var date) && Compare(date.CompareTo(_date)),
        ConditionFamily.Bool => bool.TryParse(requestValue, out var flag) && flag == _flag,
        ConditionFamily.IpAddress => IPAddress.TryParse(requestValue, out var address) && _network.Contains(address),
        _ => false,
    };

    private bool Compare(int order) => _operator.Comparison switch
    {
        ConditionComparison.LessThan => order < 0,
        ConditionComparison.LessThanEquals => order <= 0,
        ConditionComparison.GreaterThan => order > 0,
        ConditionComparison.GreaterThanEquals => order >= 0,
        _ => order == 0,
    };

    private static bool TryNumber(string text, out decimal number) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);

    // IAM's date values: ISO 8601 (2026-01-01T00:00:00Z, 2026-01-01) or seconds since the epoch.
    private static bool TryDate(string text, out DateTimeOffset date)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            date = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date);
    }

    private static bool TryNetwork(string text, out IPNetwork network)
    {
        if (text.Contains('/'))
        {
            return IPNetwork.TryParse(text, out network);
        }

        network = default;
        if (!IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }
}
