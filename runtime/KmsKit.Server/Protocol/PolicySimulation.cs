using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using KmsKit.Pkcs11.Engine;
using KmsKit.Pkcs11.Validation;
using KmsKit.Server.Identity;

namespace KmsKit.Server.Protocol;

/// <summary>
/// <c>X-Amz-Target: TrentService.KmsKitSimulatePolicy</c>, KmsKit's own operation (AWS has none such): whether a
/// principal may do an action on a key, and the statements that decided it (<see cref="Pkcs11Kms.SimulateAccess"/>).
/// The simulated principal's identity policies and tags are its entry of the principals file; a principal the file
/// does not name, or any principal without a file, has none.
/// </summary>
internal sealed class PolicySimulation(PrincipalDirectory? principals)
{
    public const string OperationName = "KmsKitSimulatePolicy";

    public const string Target = OperationCatalog.TargetPrefix + OperationName;

    public KmsOperation Operation => new(OperationName, typeof(SimulatePolicyRequest), Invoke);

    private Task<AmazonWebServiceResponse> Invoke(IAmazonKeyManagementService engine, AmazonWebServiceRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var simulate = (SimulatePolicyRequest)request;
        if (string.IsNullOrEmpty(simulate.PrincipalArn) || string.IsNullOrEmpty(simulate.Action))
        {
            var member = string.IsNullOrEmpty(simulate.PrincipalArn) ? "principalArn" : "action";
            throw KmsErrors.Validation($"1 validation error detected: Value at '{member}' failed to satisfy constraint: Member must not be empty");
        }

        var (principal, identitySource) = principals is null
            ? (new KmsPrincipal(simulate.PrincipalArn), SimulatePolicyResponse.NoPrincipalsFile)
            : principals.FindByArn(simulate.PrincipalArn) is { } known
                ? (known, SimulatePolicyResponse.FromPrincipalsFile)
                : (new KmsPrincipal(simulate.PrincipalArn), SimulatePolicyResponse.NotInPrincipalsFile);
        var simulation = ((Pkcs11Kms)engine).SimulateAccess(simulate.Action, simulate.KeyId, simulate.EncryptionContext, principal);
        AmazonWebServiceResponse response = new SimulatePolicyResponse
        {
            Decision = simulation.Decision.ToString(),
            Summary = simulation.Summary,
            Explanation = simulation.Explanation,
            Action = simulation.Action,
            Resource = simulation.Resource,
            PrincipalArn = simulation.PrincipalArn,
            IdentitySource = identitySource,
            IdentityPolicyCount = principal.IdentityPolicies.Count,
            DecidingStatements = simulation.DecidingStatements.Select(statement => new SimulatedStatementShape
            {
                Source = statement.Source.ToString(),
                PolicyIndex = statement.PolicyIndex,
                StatementIndex = statement.StatementIndex,
                Sid = statement.Sid,
                Effect = statement.Effect.ToString(),
                Location = statement.Location,
                Statement = statement.Json,
            }).ToList(),
            DecidingGrant = simulation.DecidingGrant is not { } grant ? null : new SimulatedGrantShape
            {
                GrantId = grant.GrantId,
                Name = grant.Name,
                GranteePrincipal = grant.GranteePrincipal,
                Operations = [.. grant.Operations],
                Constraints = grant.Constraints,
                Location = grant.Location,
            },
        };
        return Task.FromResult(response);
    }
}

/// <summary>The request of KmsKitSimulatePolicy: members as the wire names them.</summary>
internal sealed class SimulatePolicyRequest : AmazonWebServiceRequest
{
    public string? PrincipalArn { get; set; }

    public string? Action { get; set; }

    public string? KeyId { get; set; }

    public Dictionary<string, string>? EncryptionContext { get; set; }
}

/// <summary>The response of KmsKitSimulatePolicy.</summary>
internal sealed class SimulatePolicyResponse : AmazonWebServiceResponse
{
    /// <summary>The principal's identity policies and tags are its entry of the server's principals file.</summary>
    public const string FromPrincipalsFile = "PrincipalsFile";

    /// <summary>The server has a principals file that does not name the principal: no identity policies, no tags.</summary>
    public const string NotInPrincipalsFile = "NotInPrincipalsFile";

    /// <summary>The server has no principals file (local mode): the principal has no identity policies, no tags.</summary>
    public const string NoPrincipalsFile = "NoPrincipalsFile";

    /// <summary>Allow, ImplicitDeny or ExplicitDeny.</summary>
    public string? Decision { get; set; }

    /// <summary>"allowed", "explicit deny in a resource-based policy" ...</summary>
    public string? Summary { get; set; }

    /// <summary>"allowed", or the AccessDeniedException message the real request would get.</summary>
    public string? Explanation { get; set; }

    public string? Action { get; set; }

    public string? Resource { get; set; }

    public string? PrincipalArn { get; set; }

    public string? IdentitySource { get; set; }

    public int? IdentityPolicyCount { get; set; }

    public List<SimulatedStatementShape>? DecidingStatements { get; set; }

    /// <summary>The grant that allowed the request when no policy did.</summary>
    public SimulatedGrantShape? DecidingGrant { get; set; }
}

/// <summary>A deciding statement on the wire; Statement is its JSON text.</summary>
internal sealed class SimulatedStatementShape
{
    /// <summary>KeyPolicy or IdentityPolicy.</summary>
    public string? Source { get; set; }

    public int? PolicyIndex { get; set; }

    public int? StatementIndex { get; set; }

    public string? Sid { get; set; }

    /// <summary>Allow or Deny.</summary>
    public string? Effect { get; set; }

    /// <summary>"key policy, statement 1 \"NoBob\"".</summary>
    public string? Location { get; set; }

    public string? Statement { get; set; }
}

/// <summary>A deciding grant on the wire.</summary>
internal sealed class SimulatedGrantShape
{
    public string? GrantId { get; set; }

    public string? Name { get; set; }

    public string? GranteePrincipal { get; set; }

    public List<string>? Operations { get; set; }

    /// <summary>"EncryptionContextSubset {dept=IT}", or absent.</summary>
    public string? Constraints { get; set; }

    /// <summary>"grant ID \"name\" for ARN: Decrypt; EncryptionContextSubset {dept=IT}".</summary>
    public string? Location { get; set; }
}
