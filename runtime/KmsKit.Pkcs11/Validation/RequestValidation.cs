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
    private readonly List<string> _errors = [];

    public RequestValidation Required(object? value, string member)
    {
        if (value is null)
        {
            _errors.Add($"Value null at '{member}' failed to satisfy constraint: Member must not be null");
        }

        return this;
    }

    public RequestValidation Length(string? value, string member, int min, int max) =>
        value is null ? this : CheckLength(value.Length, $"Value '{value}' at '{member}'", min, max);

    /// <summary>Binary members: AWS leaves the value out of the message.</summary>
    public RequestValidation Length(MemoryStream? value, string member, int min, int max) =>
        value is null ? this : CheckLength(value.Length, $"Value at '{member}'", min, max);

    public RequestValidation Range(int? value, string member, int min, int max)
    {
        if (value < min)
        {
            _errors.Add($"Value '{value}' at '{member}' failed to satisfy constraint: Member must have value greater than or equal to {min}");
        }
        else if (value > max)
        {
            _errors.Add($"Value '{value}' at '{member}' failed to satisfy constraint: Member must have value less than or equal to {max}");
        }

        return this;
    }

    public RequestValidation OneOf(string? value, string member, IReadOnlyList<string> allowed)
    {
        if (value is not null && !allowed.Contains(value))
        {
            _errors.Add($"Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        }

        return this;
    }

    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            var count = _errors.Count == 1 ? "1 validation error" : $"{_errors.Count} validation errors";
            throw KmsErrors.Validation($"{count} detected: {string.Join("; ", _errors)}");
        }
    }

    private RequestValidation CheckLength(long length, string subject, int min, int max)
    {
        if (length < min)
        {
            _errors.Add($"{subject} failed to satisfy constraint: Member must have length greater than or equal to {min}");
        }
        else if (length > max)
        {
            _errors.Add($"{subject} failed to satisfy constraint: Member must have length less than or equal to {max}");
        }

        return this;
    }
}
