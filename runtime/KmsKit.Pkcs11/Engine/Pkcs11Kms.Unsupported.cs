using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using KmsKit.Pkcs11.Validation;

namespace KmsKit.Pkcs11.Engine;

// Operations the engine does not implement yet: each answers UnsupportedOperationException naming itself.
public sealed partial class Pkcs11Kms
{
    public Task<ConnectCustomKeyStoreResponse> ConnectCustomKeyStoreAsync(ConnectCustomKeyStoreRequest request, CancellationToken cancellationToken = default) =>
        Unsupported<ConnectCustomKeyStoreResponse>(cancellationToken, "ConnectCustomKeyStore");

    public Task<CreateCustomKeyStoreResponse> CreateCustomKeyStoreAsync(CreateCustomKeyStoreRequest request, CancellationToken cancellationToken = default) =>
        Unsupported<CreateCustomKeyStoreResponse>(cancellationToken, "CreateCustomKeyStore");

    public Task<DecapsulateResponse> DecapsulateAsync(DecapsulateRequest request, CancellationToken cancellationToken = default) =>
        Unsupported<DecapsulateResponse>(cancellationToken, "Decapsulate");

    public Task<DeleteCustomKeyStoreResponse> DeleteCustomKeyStoreAsync(DeleteCustomKeyStoreRequest request, CancellationToken cancellationToken = default) =>
        Unsupported<DeleteCustomKeyStoreResponse>(cancellationToken, "DeleteCustomKeyStore");

    public Task<DescribeCustomKeyStoresResponse> DescribeCustomKeyStoresAsync(DescribeCustomKeyStoresRequest request, CancellationToken cancellationToken = default) =>
        Unsupported<DescribeCustomKeyStoresResponse>(cancellationToken, "DescribeCustomKeyStores");

    public Task<DisconnectCustomKeyStoreResponse> DisconnectCustomKeyStoreAsync(DisconnectCustomKeyStoreRequest request, CancellationToken cancellationToken = default) =>
        Unsupported<DisconnectCustomKeyStoreResponse>(cancellationToken, "DisconnectCustomKeyStore");

    public Task<EncapsulateResponse> EncapsulateAsync(EncapsulateRequest request, CancellationToken cancellationToken = default) =>
        Unsupported<EncapsulateResponse>(cancellationToken, "Encapsulate");

    public Task<ReplicateKeyResponse> ReplicateKeyAsync(ReplicateKeyRequest request, CancellationToken cancellationToken = default) =>
        Unsupported<ReplicateKeyResponse>(cancellationToken, "ReplicateKey");

    public Task<UpdateCustomKeyStoreResponse> UpdateCustomKeyStoreAsync(UpdateCustomKeyStoreRequest request, CancellationToken cancellationToken = default) =>
        Unsupported<UpdateCustomKeyStoreResponse>(cancellationToken, "UpdateCustomKeyStore");

    public Task<UpdatePrimaryRegionResponse> UpdatePrimaryRegionAsync(UpdatePrimaryRegionRequest request, CancellationToken cancellationToken = default) =>
        Unsupported<UpdatePrimaryRegionResponse>(cancellationToken, "UpdatePrimaryRegion");

    private Task<T> Unsupported<T>(CancellationToken cancellationToken, string operation)
        where T : AmazonWebServiceResponse =>
        Complete<T>(null, operation, cancellationToken, () => throw KmsErrors.Unsupported($"{operation} is not supported by the PKCS#11 engine yet."));
}
