using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace KmsKit.Pkcs11.Validation;

/// <summary>
/// Collects the constraint violations of one request and reports them the way AWS does:
/// "N validation error(s) detected: ...; ...".
/// </summary>
internal sealed class RequestValidation
{
    // Made at the first error: valid requests, the hot path, allocate nothing here.
    private List<string>? _errors;

    public RequestValidation Required(object? value, string member)
    {
        if (value is null)
        {
            Errors.Add($"Value null at '{member}' failed to satisfy constraint: Member must not be null");
        }

        return this;
    }

    public RequestValidation Length(string? value, string member, int min, int max) =>
        value is null ? this : CheckLength(value.Length, value, member, min, max);

    /// <summary>Binary members: AWS leaves the value out of the message.</summary>
    public RequestValidation Length(MemoryStream? value, string member, int min, int max) =>
        value is null ? this : CheckLength(value.Length, null, member, min, max);

    public RequestValidation Range(int? value, string member, int min, int max)
    {
        if (value < min)
        {
            Errors.Add($"Value '{value}' at '{member}' failed to satisfy constraint: Member must have value greater than or equal to {min}");
        }
        else if (value > max)
        {
            Errors.Add($"Value '{value}' at '{member}' failed to satisfy constraint: Member must have value less than or equal to {max}");
        }

        return this;
    }

    public RequestValidation OneOf(string? value, string member, IReadOnlyList<string> allowed)
    {
        if (value is not null && !allowed.Contains(value))
        {
            Errors.Add($"Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        }

        return this;
    }

    /// <summary>A constraint of the API model checked by the caller: <paramref name="error"/> when it does not hold.</summary>
    public RequestValidation Holds(bool holds, string error)
    {
        if (!holds)
        {
            Errors.Add(error);
        }

        return this;
    }

    /// <summary>The API model's <c>pattern</c> of a string member.</summary>
    public RequestValidation Pattern(string? value, string member, System.Text.RegularExpressions.Regex regex, string pattern) =>
        value is null || regex.IsMatch(value)
            ? this
            : Holds(false, $"Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}");

    public void ThrowIfInvalid()
    {
        if (_errors is { Count: > 0 })
        {
            var count = _errors.Count == 1 ? "1 validation error" : $"{_errors.Count} validation errors";
            throw KmsErrors.Validation($"{count} detected: {string.Join("; ", _errors)}");
        }
    }

    private List<string> Errors => _errors ??= [];

    // The subject names the value, if it is shown, and the member: built only for an error.
    private RequestValidation CheckLength(long length, string? shownValue, string member, int min, int max)
    {
        if (length < min)
        {
            Errors.Add($"{Subject(shownValue, member)} failed to satisfy constraint: Member must have length greater than or equal to {min}");
        }
        else if (length > max)
        {
            Errors.Add($"{Subject(shownValue, member)} failed to satisfy constraint: Member must have length less than or equal to {max}");
        }

        return this;
    }

    private static string Subject(string? shownValue, string member) =>
        shownValue is null ? $"Value at '{member}'" : $"Value '{shownValue}' at '{member}'";
}
