using System.Net;
using KmsKit.Server.Protocol;

namespace KmsKit.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class MalformedRequestTests(ServerFixture fixture) : IDisposable
{
    private readonly RawClient _raw = new(fixture.Server.Url);

    [Theory]
    [InlineData("TrentService.CreateKey", "{", "SerializationException", "The request body is not valid JSON")]
    [InlineData("TrentService.CreateKey", "[1,2]", "SerializationException", "The request body must be a JSON object.")]
    [InlineData("TrentService.CreateKey", """{"Description":5}""", "SerializationException", "Description: expected a string, found a number.")]
    [InlineData("TrentService.CreateKey", """{"Tags":{"TagKey":"a"}}""", "SerializationException", "Tags: expected an array, found an object.")]
    [InlineData("TrentService.CreateKey", """{"Tags":[{"TagKey":1}]}""", "SerializationException", "Tags[0].TagKey: expected a string, found a number.")]
    [InlineData("TrentService.CreateKey", """{"MultiRegion":"yes"}""", "SerializationException", "MultiRegion: expected a boolean, found a string.")]
    [InlineData("TrentService.GenerateRandom", """{"NumberOfBytes":1.5}""", "SerializationException", "NumberOfBytes: expected a 32-bit integer, found 1.5.")]
    [InlineData("TrentService.GenerateRandom", """{"NumberOfBytes":99999999999}""", "SerializationException", "NumberOfBytes: expected a 32-bit integer")]
    [InlineData("TrentService.Encrypt", """{"KeyId":"alias/x","Plaintext":"not base64!"}""", "SerializationException", "Plaintext: the value is not valid base64.")]
    [InlineData("TrentService.Encrypt", """{"KeyId":"alias/x","Plaintext":"AQ==","EncryptionContext":{"a":1}}""", "SerializationException", "EncryptionContext.a: expected a string, found a number.")]
    [InlineData("TrentService.CreateKeys", "{}", "UnknownOperationException", "Unknown operation TrentService.CreateKeys.")]
    [InlineData("KmsService.CreateKey", "{}", "UnknownOperationException", "Unknown operation KmsService.CreateKey.")]
    [InlineData(null, "{}", "UnknownOperationException", "The request has no X-Amz-Target header.")]
    public async Task MalformedRequestsAreRejectedWithoutChangingState(string? target, string body, string type, string message)
    {
        var keys = await _raw.CountKeysAsync();

        var response = await _raw.PostAsync(target, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(type, response.Type);
        Assert.StartsWith(message, response.Message);
        Assert.True(Guid.TryParse(response.RequestId, out _));
        Assert.Equal(keys, await _raw.CountKeysAsync());
    }

    // Bodies are sent as Latin-1: each char from \u0080 to \u00ff is one raw byte, so "\u00ff" is the invalid UTF-8 byte 0xff.
    [Theory]
    [InlineData("TrentService.DescribeKey", """{"KeyId":"\udc80"}""", "KeyId: the value is not valid text")]
    [InlineData("TrentService.DescribeKey", "{\"KeyId\":\"\u00ff\u00fe\"}", "KeyId: the value is not valid text")]
    [InlineData("TrentService.CreateKey", """{"Description":"a\ud800b"}""", "Description: the value is not valid text")]
    [InlineData("TrentService.CreateKey", """{"KeySpec":"\udc80"}""", "KeySpec: the value is not valid text")]
    [InlineData("TrentService.CreateKey", """{"Tags":[{"TagKey":"k","TagValue":"\udc80"}]}""", "Tags[0].TagValue: the value is not valid text")]
    [InlineData("TrentService.Encrypt", """{"KeyId":"alias/x","Plaintext":"\udc80"}""", "Plaintext: the value is not valid text")]
    [InlineData("TrentService.Encrypt", "{\"KeyId\":\"alias/x\",\"Plaintext\":\"AQ==\",\"EncryptionContext\":{\"\u00c3\":\"x\"}}", "EncryptionContext: a name is not valid text")]
    [InlineData("TrentService.GenerateDataKey", """{"KeyId":"alias/x","EncryptionContext":{"a":"\udc80"}}""", "EncryptionContext.a: the value is not valid text")]
    [InlineData("TrentService.CreateKey", "{\"\u00ff\":1}", "The request: a name is not valid text")]
    [InlineData("TrentService.UntagResource", """{"KeyId":"alias/x","TagKeys":["\udc80"]}""", "TagKeys[0]: the value is not valid text")]
    public async Task InvalidTextIsASerializationError(string target, string body, string message)
    {
        var keys = await _raw.CountKeysAsync();

        var response = await _raw.PostAsync(target, System.Text.Encoding.Latin1.GetBytes(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("SerializationException", response.Type);
        Assert.StartsWith(message, response.Message);
        Assert.Equal(keys, await _raw.CountKeysAsync());
    }

    [Theory]
    [InlineData("1e308")]
    [InlineData("-1e20")]
    [InlineData("1e400")]
    [InlineData("253402300800")] // 10000-01-01, one second past DateTime's range
    public async Task TimestampsOutOfRangeAreASerializationError(string validTo)
    {
        var keyId = await CreateKeyAsync("""{"Origin":"EXTERNAL"}""");
        var body = $$"""{"KeyId":"{{keyId}}","ImportToken":"AQ==","EncryptedKeyMaterial":"AQ==","ExpirationModel":"KEY_MATERIAL_EXPIRES","ValidTo":{{validTo}}}""";

        var response = await _raw.PostAsync("TrentService.ImportKeyMaterial", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("SerializationException", response.Type);
        Assert.Equal($"ValidTo: the timestamp {validTo} is out of range.", response.Message);
        Assert.Equal("PendingImport", (await DescribeKeyAsync(keyId)).GetProperty("KeyState").GetString());
    }

    [Theory]
    [InlineData("Encrypt", "\"Plaintext\":\"AQ==\",")]
    [InlineData("Decrypt", "\"CiphertextBlob\":\"AQ==\",")]
    [InlineData("GenerateDataKey", "\"KeySpec\":\"AES_256\",")]
    [InlineData("GenerateDataKeyWithoutPlaintext", "\"KeySpec\":\"AES_256\",")]
    [InlineData("GenerateDataKeyPair", "\"KeyPairSpec\":\"ECC_NIST_P256\",")]
    [InlineData("GenerateDataKeyPairWithoutPlaintext", "\"KeyPairSpec\":\"ECC_NIST_P256\",")]
    public async Task ANullMapValueIsAValidationError(string operation, string members)
    {
        var keyId = await CreateKeyAsync("{}");

        var response = await _raw.PostAsync("TrentService." + operation, $$$"""{"KeyId":"{{{keyId}}}",{{{members}}}"EncryptionContext":{"a":"b","c":null}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("ValidationException", response.Type);
        Assert.Equal("1 validation error detected: Value null at 'EncryptionContext.c' failed to satisfy constraint: Member must not be null", response.Message);
    }

    [Fact]
    public async Task CreateKeyWithANullTagCreatesNoKey()
    {
        var keys = await _raw.CountKeysAsync();

        var response = await _raw.PostAsync("TrentService.CreateKey", """{"Tags":[{"TagKey":"k","TagValue":"v"},null]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("ValidationException", response.Type);
        Assert.Equal("1 validation error detected: Value null at 'Tags[1]' failed to satisfy constraint: Member must not be null", response.Message);
        Assert.Equal(keys, await _raw.CountKeysAsync());
    }

    [Theory]
    [InlineData("TagResource", "\"Tags\":[null]", "Tags[0]")]
    [InlineData("TagResource", "\"Tags\":[{\"TagKey\":\"new\",\"TagValue\":\"v\"},null]", "Tags[1]")]
    [InlineData("UntagResource", "\"TagKeys\":[null]", "TagKeys[0]")]
    [InlineData("UntagResource", "\"TagKeys\":[\"k\",null]", "TagKeys[1]")]
    public async Task ANullListElementIsAValidationErrorAndChangesNoTag(string operation, string members, string path)
    {
        var keyId = await CreateKeyAsync("""{"Tags":[{"TagKey":"k","TagValue":"v"}]}""");

        var response = await _raw.PostAsync("TrentService." + operation, $$$"""{"KeyId":"{{{keyId}}}",{{{members}}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("ValidationException", response.Type);
        Assert.Equal($"1 validation error detected: Value null at '{path}' failed to satisfy constraint: Member must not be null", response.Message);
        var tags = await _raw.PostAsync("TrentService.ListResourceTags", $$"""{"KeyId":"{{keyId}}"}""");
        Assert.Equal("""[{"TagKey":"k","TagValue":"v"}]""", tags.Body.GetProperty("Tags").GetRawText());
    }

    private async Task<string> CreateKeyAsync(string body)
    {
        var response = await _raw.PostAsync("TrentService.CreateKey", body);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Body.GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;
    }

    private async Task<System.Text.Json.JsonElement> DescribeKeyAsync(string keyId)
    {
        var response = await _raw.PostAsync("TrentService.DescribeKey", $$"""{"KeyId":"{{keyId}}"}""");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Body.GetProperty("KeyMetadata");
    }

    [Fact]
    public async Task EveryOperationAnswersAnEmptyRequestWithoutAServerError()
    {
        foreach (var operation in new OperationCatalog().Names)
        {
            var response = await _raw.PostAsync(OperationCatalog.TargetPrefix + operation, "{}");

            Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{operation}: {response.Status} {response.Type}");
            Assert.True(response.Status == HttpStatusCode.OK || response.Type is "ValidationException" or "UnsupportedOperationException", $"{operation}: {response.Type}");
        }
    }

    [Fact]
    public async Task OversizedBodiesAreRefusedWith413()
    {
        var keys = await _raw.CountKeysAsync();
        var body = $$"""{"Description":"{{new string('a', 2 * 1024 * 1024)}}"}""";

        // The server answers from Content-Length and closes the connection: a client that sends the body
        // without waiting may see the connection reset before it reads the answer.
        var response = await _raw.PostAsync("TrentService.CreateKey", body, expectContinue: true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("ValidationException", response.Type);
        Assert.Equal("The request body is larger than the limit of 1048576 bytes.", response.Message);
        Assert.Equal(keys, await _raw.CountKeysAsync());
    }

    [Fact]
    public async Task UnknownMembersAreIgnoredAndNullsAreAbsent()
    {
        var response = await _raw.PostAsync("TrentService.CreateKey", """{"Description":"d","NoSuchMember":{"x":[1]},"Policy":null}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var metadata = response.Body.GetProperty("KeyMetadata");
        Assert.Equal("d", metadata.GetProperty("Description").GetString());
        Assert.False(metadata.TryGetProperty("DeletionDate", out _));
        Assert.Equal(System.Text.Json.JsonValueKind.Number, metadata.GetProperty("CreationDate").ValueKind);
    }

    [Fact]
    public async Task OtherPathsAreNotServed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");

        var response = await _raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("UnknownOperationException", response.Type);
        Assert.True(Guid.TryParse(response.RequestId, out _));
    }

    [Fact]
    public async Task MalformedAuthorizationIsAnIncompleteSignature()
    {
        using var request = RawClient.Request("TrentService.ListKeys", "{}");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/kms");

        var response = await _raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("IncompleteSignatureException", response.Type);
    }

    [Fact]
    public async Task ABrokenChunkedBodyIsASerializationError()
    {
        var keys = await _raw.CountKeysAsync();
        var uri = new Uri(fixture.Server.Url);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        await using var stream = tcp.GetStream();

        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
            "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: TrentService.CreateKey\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n"));
        using var reader = new StreamReader(stream);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var answer = await reader.ReadToEndAsync(timeout.Token); // the server closes a connection whose body it could not read

        Assert.StartsWith("HTTP/1.1 400 Bad Request", answer);
        Assert.Contains("""{"__type":"SerializationException","message":"The request body could not be read: Bad chunk size data."}""", answer);
        Assert.Equal(keys, await _raw.CountKeysAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json")]
    public async Task BodiesNotOfTheAwsJsonTypeAreUnknownOperations(string? contentType)
    {
        var keys = await _raw.CountKeysAsync();
        using var request = RawClient.Request("TrentService.CreateKey", "{}");
        request.Content!.Headers.ContentType = contentType is null ? null : new(contentType);

        var response = await _raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("<UnknownOperationException/>\n", response.Text);
        Assert.Equal(keys, await _raw.CountKeysAsync());
    }

    [Theory]
    [InlineData("us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-target", "Credential should be scoped to correct service: 'kms'. ")]
    [InlineData("us-east-1/kms/aws4_request, SignedHeaders=x-amz-date;x-amz-target", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")]
    [InlineData("us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date", "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.")]
    public async Task SignaturesForAnotherServiceOrWithoutHostAndTargetAreInvalid(string scopeAndHeaders, string message)
    {
        using var request = RawClient.Request("TrentService.ListKeys", "{}");
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=AKID/20260101/{scopeAndHeaders}, Signature=00");

        var response = await _raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("InvalidSignatureException", response.Type);
        Assert.Equal(message, response.Message);
    }

    [Fact]
    public async Task UnknownRegionsAreRefused()
    {
        using var request = RawClient.Request("TrentService.ListKeys", "{}");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/moon-1/kms/aws4_request, SignedHeaders=host;x-amz-target, Signature=00");

        var response = await _raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("InvalidSignatureException", response.Type);
        Assert.Equal("Credential should be scoped to a valid region, not 'moon-1'.", response.Message);
    }

    public void Dispose() => _raw.Dispose();
}
