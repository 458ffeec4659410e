import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { isBuiltin } from 'node:module'
import { join } from 'node:path'
import { Capture, Template } from 'aws-cdk-lib/assertions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RedisServer, startRedisServer } from '../../../../../local/services/redis-server'
import { type SynthesizedIelts, synthIelts } from '../../support'

let synth: SynthesizedIelts
/** The eu-west-1 function's code object in the assets bucket: `<asset hash>.zip`. */
let codeKey: string
let bundle: string
let redis: RedisServer

beforeAll(async () => {
  synth = synthIelts()
  const template = Template.fromStack(synth.stacks.origins['eu-west-1'])
  const key = new Capture()
  template.resourceCountIs('AWS::Lambda::Function', 1)
  template.hasResourceProperties('AWS::Lambda::Function', { Code: { S3Key: key } })
  codeKey = key.asString()
  bundle = join(synth.assembly.directory, `asset.${codeKey.replace(/\.zip$/, '')}`, 'index.js')
  redis = await startRedisServer()
}, 120_000)

afterAll(async () => {
  synth?.dispose()
  await redis?.stop()
})

describe('OriginFunction bundle', () => {
  it('is one self-contained CommonJS file, AWS SDK included, shared by the three regions', () => {
    expect(existsSync(bundle)).toBe(true)
    const code = readFileSync(bundle, 'utf8')
    const required = new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]!))
    const external = [...required].filter((name) => !isBuiltin(name))
    // The SDK's optional SigV4a signer, loaded in a try/catch; nothing here signs SigV4a.
    expect(external).toEqual(['@aws-sdk/signature-v4-crt'])
    for (const stack of Object.values(synth.stacks.origins)) {
      const template = Template.fromStack(stack)
      template.resourceCountIs('AWS::Lambda::Function', 1)
      template.hasResourceProperties('AWS::Lambda::Function', { Code: { S3Key: codeKey } })
    }
  })

  it("is origin/lambda.ts: its handler answers EventBridge's warming event by pinging Redis", async () => {
    const { stdout, code } = await runHandler(bundle, {
      AWS_REGION: 'eu-west-1',
      TABLE_NAME: 'ielts-bundle-test',
      REDIS_URL: redis.url,
      APP_VERSION: 'bundle-test',
    })
    expect(code).toBe(0)
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines.at(-1)).toEqual({ result: { warmed: true } })
    expect(lines.find((line) => line.msg === 'warmed')).toMatchObject({ redisOk: true })
  }, 30_000)
})

/** Loads the bundle in a fresh Node process, as Lambda would, and invokes the handler once. */
function runHandler(
  file: string,
  env: Record<string, string>,
): Promise<{ stdout: string; code: number | null }> {
  const script = `
    const { handler } = require(${JSON.stringify(file)})
    handler({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, {}).then(
      (result) => { console.log(JSON.stringify({ result })); process.exit(0) },
      (error) => { console.error(error); process.exit(1) },
    )`
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let stdout = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ stdout, code }))
  })
}
