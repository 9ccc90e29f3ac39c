// Runs the JavaScript AWS Encryption SDK for KmsKit's interoperability tests.
// stdin: {"op": "encrypt"|"decrypt", "keyNamespace", "keyName",
//         "key": base64 AES-256 key | "rsa": {"privateKey": PEM, "publicKey": PEM, "oaepHash": "sha1"|"sha256"|...},
//         "cases": [{"suite": 1144|1400, "frameLength", "context": {...}, "data": base64}]}
// stdout: [{"data": base64, "context": {...}, "suite": number}] in the order of the cases.
'use strict'
const {
  buildClient,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
  RawRsaKeyringNode
} = require('@aws-crypto/client-node')

const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)

async function main () {
  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  const request = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  const keyring = request.rsa
    ? new RawRsaKeyringNode({
      keyName: request.keyName,
      keyNamespace: request.keyNamespace,
      rsaKey: { privateKey: request.rsa.privateKey, publicKey: request.rsa.publicKey },
      oaepHash: request.rsa.oaepHash
    })
    : new RawAesKeyringNode({
      keyName: request.keyName,
      keyNamespace: request.keyNamespace,
      unencryptedMasterKey: new Uint8Array(Buffer.from(request.key, 'base64')),
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING
    })
  const results = []
  for (const c of request.cases) {
    const data = Buffer.from(c.data, 'base64')
    if (request.op === 'encrypt') {
      const { result } = await encrypt(keyring, data, {
        suiteId: c.suite,
        frameLength: c.frameLength,
        encryptionContext: c.context
      })
      results.push({ data: Buffer.from(result).toString('base64') })
    } else {
      const { plaintext, messageHeader } = await decrypt(keyring, data)
      results.push({
        data: Buffer.from(plaintext).toString('base64'),
        context: messageHeader.encryptionContext,
        suite: messageHeader.suiteId
      })
    }
  }
  process.stdout.write(JSON.stringify(results))
}

main().catch(error => {
  process.stderr.write(`${error.stack || error}\n`)
  process.exit(1)
})
