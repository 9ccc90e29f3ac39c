// The JavaScript side of `esdk-js`: how many messages per second the JavaScript AWS Encryption SDK encrypts, with
// the same raw AES key and suite as KmsKit's side, with cached materials (as KmsKit's side) and with the keyring
// alone (a data key per message, which is faster in JavaScript than its caching materials manager). Loads @aws-crypto/client-node from the runtime
// tests' interop folder (argv[2]), where `npm ci` installs it.
// stdin: {"key": base64, "keyNamespace", "keyName", "suite", "warmupSeconds", "seconds",
//         "inputs": [{"frameLength", "data": base64}]}
// stdout: [{"cached": rate, "keyring": rate}] in the order of the inputs, where
//         rate = {"messages", "seconds", "sample": base64 message}.
'use strict'
const path = require('path')
const { createRequire } = require('module')
const {
  buildClient,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
  NodeCachingMaterialsManager,
  getLocalCryptographicMaterialsCache
} = createRequire(path.join(process.argv[2], 'package.json'))('@aws-crypto/client-node')

const { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)

async function rate (cmm, data, options, seconds) {
  let messages = 0
  let sample
  const start = process.hrtime.bigint()
  const end = start + BigInt(Math.round(seconds * 1e9))
  let now = start
  while (now < end) {
    sample = (await encrypt(cmm, data, options)).result
    messages++
    now = process.hrtime.bigint()
  }
  return { messages, seconds: Number(now - start) / 1e9, sample: Buffer.from(sample).toString('base64') }
}

async function main () {
  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  const request = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  const keyring = new RawAesKeyringNode({
    keyName: request.keyName,
    keyNamespace: request.keyNamespace,
    unencryptedMasterKey: new Uint8Array(Buffer.from(request.key, 'base64')),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING
  })
  const cmm = new NodeCachingMaterialsManager({
    backingMaterials: keyring,
    cache: getLocalCryptographicMaterialsCache(100),
    maxAge: 24 * 3600 * 1000
  })
  const results = []
  for (const input of request.inputs) {
    const data = Buffer.from(input.data, 'base64')
    const options = { suiteId: request.suite, frameLength: input.frameLength, plaintextLength: data.length }
    const result = {}
    for (const [name, materials] of [['cached', cmm], ['keyring', keyring]]) {
      await rate(materials, data, options, request.warmupSeconds)
      result[name] = await rate(materials, data, options, request.seconds)
    }
    results.push(result)
  }
  process.stdout.write(JSON.stringify(results))
}

main().catch(error => {
  process.stderr.write(`${error.stack || error}\n`)
  process.exit(1)
})
