import { AwsClient } from 'aws4fetch'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOCAL_EDGE_CREDENTIALS } from '../../../local/credentials'
import type { BedrockEmulator } from '../../../local/emulators/bedrock'
import { converseUrl, NOVA_MICRO_PROFILES } from '../../../shared/models'
import type { Region } from '../../../shared/regions'
import {
  converseBody,
  type SendOptions,
  sendAsRealHost as sendReal,
  send as sendTo,
  startEmulator,
} from './bedrock-support'

let emulator: BedrockEmulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.stop())

const send = (region: Region, body: unknown, options?: SendOptions) =>
  sendTo(emulator, region, body, options)
const sendAsRealHost = (signed: Request) => sendReal(emulator, signed)

describe('Bedrock emulator: signatures', () => {
  it('accepts a request signed for service bedrock in the endpoint region', async () => {
    const res = await send('eu-west-1', converseBody())
    expect(res.status).toBe(200)
  })

  it("refuses aws4fetch's default signature, which guesses service bedrock-runtime from the host", async () => {
    const realUrl = `https://bedrock-runtime.us-east-1.amazonaws.com/model/${encodeURIComponent(NOVA_MICRO_PROFILES['us-east-1'])}/converse`
    const defaults = new AwsClient({ ...LOCAL_EDGE_CREDENTIALS, retries: 0 })
    const signed = await defaults.sign(realUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(converseBody()),
    })
    expect(signed.headers.get('authorization')).toContain('/us-east-1/bedrock-runtime/aws4_request')
    const res = await sendAsRealHost(signed)
    expect(res.status).toBe(403)
    expect(res.headers['x-amzn-errortype']).toMatch(/^InvalidSignatureException:/)
    expect(JSON.parse(res.body)).toEqual({
      message: "Credential should be scoped to correct service: 'bedrock'. ",
    })

    const right = new AwsClient({
      ...LOCAL_EDGE_CREDENTIALS,
      service: 'bedrock',
      region: 'us-east-1',
      retries: 0,
    })
    const good = await right.sign(realUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(converseBody()),
    })
    expect((await sendAsRealHost(good)).status).toBe(200)
  })

  it('refuses a signature scoped to another region', async () => {
    const res = await send('us-east-1', converseBody(), { signAs: { region: 'eu-west-1' } })
    expect(res.status).toBe(403)
    expect(res.headers.get('x-amzn-errortype')).toMatch(/^InvalidSignatureException:/)
    expect(await res.json()).toEqual({
      message: "Credential should be scoped to a valid region, not 'eu-west-1'. ",
    })
  })

  it('refuses a body changed after signing (the payload hash is signed)', async () => {
    const signer = new AwsClient({
      ...LOCAL_EDGE_CREDENTIALS,
      service: 'bedrock',
      region: 'us-east-1',
      retries: 0,
    })
    const url = converseUrl(emulator.endpoints['us-east-1'], NOVA_MICRO_PROFILES['us-east-1'])
    const signed = await signer.sign(url, { method: 'POST', body: JSON.stringify(converseBody()) })
    const res = await fetch(url, {
      method: 'POST',
      headers: signed.headers,
      body: JSON.stringify(converseBody('Changed.')),
    })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { message: string }).message).toMatch(
      /^The request signature we calculated does not match/,
    )
  })

  it('refuses unknown keys and unsigned requests with their own exception types', async () => {
    const stranger = new AwsClient({
      accessKeyId: 'AKIDSTRANGER00000000',
      secretAccessKey: 'x'.repeat(40),
      service: 'bedrock',
      region: 'us-east-1',
      retries: 0,
    })
    const url = converseUrl(emulator.endpoints['us-east-1'], NOVA_MICRO_PROFILES['us-east-1'])
    const unknown = await fetch(await stranger.sign(url, { method: 'POST', body: '{}' }))
    expect(unknown.status).toBe(403)
    expect(unknown.headers.get('x-amzn-errortype')).toMatch(/^UnrecognizedClientException:/)
    const unsigned = await fetch(url, { method: 'POST', body: '{}' })
    expect(unsigned.headers.get('x-amzn-errortype')).toMatch(
      /^MissingAuthenticationTokenException:/,
    )
  })
})
