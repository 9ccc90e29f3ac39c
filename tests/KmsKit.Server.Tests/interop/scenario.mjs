// Drives a KmsKit server (its URL is the first argument) with the JavaScript SDK v3 KMS client and the
// JavaScript AWS Encryption SDK's KMS keyring; prints one JSON object of findings for the .NET test to check.
import { KMS, NotFoundException } from "@aws-sdk/client-kms";
import { KmsKeyringNode, buildClient, CommitmentPolicy, getClient } from "@aws-crypto/client-node";

const endpoint = process.argv[2];
const config = { endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 };
const kms = new KMS(config);
const context = { tenant: "acme" };
const text = new TextEncoder().encode("secret order");
const same = (a, b) => Buffer.from(a).equals(Buffer.from(b));

const key = (await kms.createKey({ Description: "from javascript" })).KeyMetadata;
const alias = `alias/js-${key.KeyId}`;
await kms.createAlias({ AliasName: alias, TargetKeyId: key.KeyId });
const { CiphertextBlob } = await kms.encrypt({ KeyId: alias, Plaintext: text, EncryptionContext: context });
const decrypted = await kms.decrypt({ CiphertextBlob, EncryptionContext: context });
const dataKey = await kms.generateDataKey({ KeyId: key.KeyId, KeySpec: "AES_256" });
const dataKeyBack = await kms.decrypt({ CiphertextBlob: dataKey.CiphertextBlob });
const signer = (await kms.createKey({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" })).KeyMetadata;
const { Signature } = await kms.sign({ KeyId: signer.KeyId, Message: text, SigningAlgorithm: "ECDSA_SHA_256" });
const verified = await kms.verify({ KeyId: signer.KeyId, Message: text, Signature, SigningAlgorithm: "ECDSA_SHA_256" });
await kms.enableKeyRotation({ KeyId: key.KeyId });
await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
const rotations = await kms.listKeyRotations({ KeyId: key.KeyId });
let notFound = null;
try {
  await kms.describeKey({ KeyId: "alias/none" });
} catch (e) {
  notFound = { isNotFound: e instanceof NotFoundException, name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
}

// The Encryption SDK's KMS keyring, its KMS clients pointed at the server.
const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const keyring = new KmsKeyringNode({ generatorKeyId: key.Arn, clientProvider: getClient(KMS, config) });
const { result: message } = await encrypt(keyring, text, { encryptionContext: context });
const { plaintext: esdkPlaintext, messageHeader } = await decrypt(keyring, message);

const deletion = await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });

console.log(JSON.stringify({
  keyArn: key.Arn,
  creationDateIsDate: key.CreationDate instanceof Date && !isNaN(key.CreationDate),
  decryptedMatches: same(decrypted.Plaintext, text),
  dataKeyLength: dataKey.Plaintext.length,
  dataKeyMatches: same(dataKeyBack.Plaintext, dataKey.Plaintext),
  signatureValid: verified.SignatureValid,
  rotations: rotations.Rotations.length,
  notFound,
  esdkMatches: same(esdkPlaintext, text),
  esdkContext: messageHeader.encryptionContext.tenant,
  esdkKeyProvider: messageHeader.encryptedDataKeys.map((edk) => edk.providerInfo),
  keyState: deletion.KeyState,
}));
