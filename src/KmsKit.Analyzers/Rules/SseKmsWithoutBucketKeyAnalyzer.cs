using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using KmsKit.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// KMS205: an S3 <c>PutObjectRequest</c>, <c>CopyObjectRequest</c> or <c>InitiateMultipartUploadRequest</c> with
/// <c>ServerSideEncryptionMethod.AWSKMS</c> (or the raw <c>x-amz-server-side-encryption: aws:kms</c> header) and no
/// <c>BucketKeyEnabled = true</c> (nor its raw header); and a bucket's default encryption
/// (<c>ServerSideEncryptionRule</c> of <c>PutBucketEncryption</c>) with an <c>aws:kms</c> default and no
/// <c>BucketKeyEnabled = true</c>, reported at its <c>ServerSideEncryptionByDefault</c>.
/// </summary>
/// <remarks>
/// Not a <see cref="KmsAnalyzer"/>: SSE-KMS is configured through AWSSDK.S3 alone, so this rule is gated on
/// the S3 types, and an application that never references AWSSDK.KeyManagementService still gets it.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SseKmsWithoutBucketKeyAnalyzer : DiagnosticAnalyzer
{
    private const string EncryptionRule = "Amazon.S3.Model.ServerSideEncryptionRule";
    private const string EncryptionHeader = "x-amz-server-side-encryption";
    private const string BucketKeyHeader = "x-amz-server-side-encryption-bucket-key-enabled";

    private static readonly string[] RequestTypes =
    [
        "Amazon.S3.Model.PutObjectRequest",
        "Amazon.S3.Model.CopyObjectRequest",
        "Amazon.S3.Model.InitiateMultipartUploadRequest",
    ];

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.SseKmsWithoutBucketKey);

    public override void Initialize(AnalysisContext context)
    {
        // As KmsAnalyzer: generated files are not analyzed; code marked [GeneratedCode] is filtered by GateContext.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start => RuleRegistration.WhenReferenced(start, "AWSSDK.S3", registration =>
        {
            var method = registration.Compilation.GetTypeByMetadataName("Amazon.S3.ServerSideEncryptionMethod");
            if (method is null)
            {
                return;
            }

            var requests = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var name in RequestTypes)
            {
                if (registration.Compilation.GetTypeByMetadataName(name) is { } type)
                {
                    requests.Add(type);
                }
            }

            var requestTypes = requests.ToImmutable();
            KmsSyntaxGate.RegisterObjectCreation(
                registration,
                RequestTypes.Select(n => n.Substring(n.LastIndexOf('.') + 1)).ToImmutableArray(),
                (context, creation) => Analyze(context, creation, method, requestTypes));

            if (registration.Compilation.GetTypeByMetadataName(EncryptionRule) is { } rule)
            {
                KmsSyntaxGate.RegisterObjectCreation(
                    registration,
                    ImmutableArray.Create(rule.Name),
                    (context, creation) => AnalyzeRule(context, creation, method, rule));
            }
        }));
    }

    private static void Analyze(GateContext context, IObjectCreationOperation creation, INamedTypeSymbol method, ImmutableArray<INamedTypeSymbol> requestTypes)
    {
        if (!requestTypes.Any(t => creation.Type.Is(t)))
        {
            return;
        }

        var request = RequestShape.Of(creation);
        var headers = RawHeaders(request);
        var sse = request.Value("ServerSideEncryptionMethod") is { } value && value.IsStaticField(method, "AWSKMS", "aws:kms")
            ? value
            : headers.Find(h => h.Name == EncryptionHeader && h.Value.ConstantString() == "aws:kms").Value;
        if (sse is null ||
            (request.Mentions("BucketKeyEnabled") && request.Value("BucketKeyEnabled")?.ConstantBoolean() != false) ||
            headers.Exists(h => h.Name == BucketKeyHeader && !"false".Equals(h.Value.ConstantString(), StringComparison.OrdinalIgnoreCase)) ||
            !IsSentFromHere(creation, request))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SseKmsWithoutBucketKey, sse.Syntax.GetLocation(), creation.Type!.Name));
    }

    /// <summary>A bucket's default encryption rule whose default is SSE-KMS and that does not enable the bucket key.</summary>
    private static void AnalyzeRule(GateContext context, IObjectCreationOperation creation, INamedTypeSymbol method, INamedTypeSymbol rule)
    {
        if (!creation.Type.Is(rule))
        {
            return;
        }

        var shape = RequestShape.Of(creation);
        if (shape.Value("ServerSideEncryptionByDefault") is not { Parent: ISimpleAssignmentOperation byDefault } value ||
            RequestShape.Of(value)?.Value("ServerSideEncryptionAlgorithm") is not { } algorithm ||
            !algorithm.IsStaticField(method, "AWSKMS", "aws:kms") ||
            (shape.Mentions("BucketKeyEnabled") && shape.Value("BucketKeyEnabled")?.ConstantBoolean() != false) ||
            !IsSentFromHere(creation, shape))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SseKmsWithoutBucketKey, byDefault.Target.Syntax.GetLocation(), rule.Name));
    }

    /// <summary>
    /// The raw headers set on the request's local (<c>request.Headers["x-amz-..."] = value</c>), names in lower case:
    /// HTTP header names are case-insensitive.
    /// </summary>
    private static List<(string Name, IOperation Value)> RawHeaders(RequestShape request)
    {
        var headers = new List<(string Name, IOperation Value)>();
        if (request.Local is null)
        {
            return headers;
        }

        foreach (var reference in OperationFlow.References(request.Local, request.Creation.Root()))
        {
            if (reference.Parent is IPropertyReferenceOperation { Property.Name: "Headers", Parent: IPropertyReferenceOperation { Property.IsIndexer: true } indexer } &&
                indexer.Arguments.Length == 1 &&
                indexer.Arguments[0].Value.ConstantString() is { } name &&
                indexer.Parent is ISimpleAssignmentOperation assignment &&
                assignment.Target == indexer)
            {
                headers.Add((name.ToLowerInvariant(), assignment.Value));
            }
        }

        return headers;
    }

    /// <summary>
    /// True when the request is passed straight to a call, or kept in a local that is never returned or stored:
    /// otherwise code out of sight (the caller of a factory) may still set BucketKeyEnabled.
    /// </summary>
    private static bool IsSentFromHere(IObjectCreationOperation creation, RequestShape request)
    {
        if (request.Local is null)
        {
            return creation.Parent is IArgumentOperation or IConversionOperation { Parent: IArgumentOperation };
        }

        foreach (var reference in OperationFlow.References(request.Local, creation.Root()))
        {
            var parent = reference.Parent is IConversionOperation conversion ? conversion.Parent : reference.Parent;
            if (parent is IReturnOperation or IAssignmentOperation)
            {
                return false;
            }
        }

        return true;
    }
}
