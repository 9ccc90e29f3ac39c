// The JavaScript AWS Encryption SDK's KMS keyring, its KMS clients pointed at a KmsKit server, for messages that
// cross between it and KmsKit's runtime. Usage:
//   node esdk-crossover.mjs URL KEY_ARN encrypt PLAINTEXT_BASE64 [FRAME_LENGTH]  -> {"message": base64}
//   node esdk-crossover.mjs URL KEY_ARN decrypt MESSAGE_BASE64                   -> {"plaintext": base64, "context": {...}, "suite": id}
// The encryption context is read as JSON from the KMSKIT_CONTEXT environment variable.
import { KMS } from "@aws-sdk/client-kms";
import { KmsKeyringNode, buildClient, CommitmentPolicy, getClient } from "@aws-crypto/client-node";

const [endpoint, keyArn, command, data, frameLength] = process.argv.slice(2);
const config = { endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 };
const keyring = new KmsKeyringNode({ generatorKeyId: keyArn, clientProvider: getClient(KMS, config) });
const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const encryptionContext = JSON.parse(process.env.KMSKIT_CONTEXT ?? "{}");

if (command === "encrypt") {
  const options = { encryptionContext, ...(frameLength ? { frameLength: Number(frameLength) } : {}) };
  const { result } = await encrypt(keyring, Buffer.from(data, "base64"), options);
  console.log(JSON.stringify({ message: Buffer.from(result).toString("base64") }));
} else if (command === "decrypt") {
  const { plaintext, messageHeader } = await decrypt(keyring, Buffer.from(data, "base64"));
  console.log(JSON.stringify({ plaintext: Buffer.from(plaintext).toString("base64"), context: messageHeader.encryptionContext, suite: messageHeader.suiteId }));
} else {
  console.error(`unknown command '${command}': encrypt or decrypt`);
  process.exit(2);
}
