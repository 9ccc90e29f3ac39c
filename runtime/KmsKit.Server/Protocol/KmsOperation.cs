using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.Runtime;

namespace KmsKit.Server.Protocol;

/// <summary>One operation of the API: its request type and the engine method that serves it.</summary>
internal sealed record KmsOperation(
    string Name,
    Type RequestType,
    Func<IAmazonKeyManagementService, AmazonWebServiceRequest, CancellationToken, Task<AmazonWebServiceResponse>> Invoke);
