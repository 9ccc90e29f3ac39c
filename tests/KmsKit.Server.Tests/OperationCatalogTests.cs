using System.Text.Json;
using Amazon.KeyManagementService.Model;
using KmsKit.Server.Protocol;
using KmsKit.Tests.Shared;

namespace KmsKit.Server.Tests;

public sealed class OperationCatalogTests
{
    [Fact]
    public void EveryOperationOfTheApiModelIsDispatched()
    {
        using var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Shared, "kms-model", "kms", "2014-11-01", "service-2.json")));
        var modelled = model.RootElement.GetProperty("operations").EnumerateObject().Select(o => o.Name).ToHashSet();

        // The SDK (4.1) is newer than the model: it adds Encapsulate and Decapsulate, dispatched too.
        Assert.Equal(54, modelled.Count);
        Assert.Superset(modelled, new OperationCatalog().Names.ToHashSet());
        Assert.Equal(["Decapsulate", "Encapsulate"], new OperationCatalog().Names.Except(modelled).Order());
    }

    [Fact]
    public void EveryMemberOfEveryRequestAndResponseHasAWireShape()
    {
        var seen = new HashSet<Type>();
        foreach (var name in new OperationCatalog().Names)
        {
            var operation = new OperationCatalog().Find(OperationCatalog.TargetPrefix + name);
            Visit(operation.RequestType, seen);
            Visit(typeof(CreateKeyRequest).Assembly.GetType($"Amazon.KeyManagementService.Model.{name}Response", throwOnError: true)!, seen);
        }

        Assert.Contains(typeof(KeyMetadata), seen);
        Assert.Contains(typeof(Tag), seen);
    }

    [Fact]
    public void RequestsAreReadByMemberName()
    {
        var reader = new ShapeReader();
        var json = """
            {"KeyId":"k","Plaintext":"AQID","EncryptionContext":{"a":"b"},"GrantTokens":["t"],"EncryptionAlgorithm":"RSAES_OAEP_SHA_256","DryRun":true}
            """u8.ToArray();

        var request = (EncryptRequest)reader.ReadRequest(json, typeof(EncryptRequest));

        Assert.Equal("k", request.KeyId);
        Assert.Equal(new byte[] { 1, 2, 3 }, request.Plaintext.ToArray());
        Assert.Equal("b", request.EncryptionContext["a"]);
        Assert.Equal(["t"], request.GrantTokens);
        Assert.Same(Amazon.KeyManagementService.EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256, request.EncryptionAlgorithm);
        Assert.True(request.DryRun);

        reader.ZeroBlobs();
        Assert.Equal(new byte[3], Assert.Single(reader.Blobs));
    }

    [Fact]
    public void TimestampsAreEpochSecondsBothWays()
    {
        var request = (ImportKeyMaterialRequest)new ShapeReader().ReadRequest("""{"ValidTo":1700000000.5}"""u8.ToArray(), typeof(ImportKeyMaterialRequest));
        Assert.Equal(new DateTime(2023, 11, 14, 22, 13, 20, 500, DateTimeKind.Utc), request.ValidTo!.Value.ToUniversalTime());

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ShapeWriter.WriteStructure(writer, new ImportKeyMaterialRequest { ValidTo = request.ValidTo });
        }

        Assert.Equal("""{"ValidTo":1700000000.5}""", System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void Visit(Type type, HashSet<Type> seen)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (!seen.Add(type))
        {
            return;
        }

        switch (ShapeKinds.Of(type))
        {
            case ShapeKind.List:
                Visit(type.GetGenericArguments()[0], seen);
                break;
            case ShapeKind.Map:
                Visit(type.GetGenericArguments()[1], seen);
                break;
            case ShapeKind.Structure:
                foreach (var member in ShapeMembers.Of(type).Values)
                {
                    Visit(member.PropertyType, seen);
                }

                break;
        }
    }
}
