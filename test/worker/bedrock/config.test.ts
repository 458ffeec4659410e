import { describe, expect, it } from 'vitest'
import { createConverseClient } from '../../../worker/bedrock/client'
import { bedrockCredentials, bedrockEndpoints } from '../../../worker/bedrock/config'
import { readConfig } from '../../../worker/services/config'

const BASE = {
  DEPLOY_ENV: 'production',
  EDGE_AWS_ACCESS_KEY_ID: 'AKIDEXAMPLEEDGE00000',
  EDGE_AWS_SECRET_ACCESS_KEY: 'edge-secret-for-tests-000000000000000000',
}

describe('Bedrock configuration', () => {
  it('defaults to the real regional Bedrock runtime hosts and production-safe limits', () => {
    const config = readConfig({ ...BASE }).bedrock
    expect(bedrockEndpoints(config)).toEqual({
      'us-east-1': 'https://bedrock-runtime.us-east-1.amazonaws.com',
      'eu-west-1': 'https://bedrock-runtime.eu-west-1.amazonaws.com',
      'ap-southeast-1': 'https://bedrock-runtime.ap-southeast-1.amazonaws.com',
    })
    expect(config).toMatchObject({
      BEDROCK_FORWARD_EMULATOR_HEADERS: false,
      BEDROCK_MAX_TOKENS: 3000,
      MODEL_CALLS_PER_DAY: 30,
    })
  })

  it('refuses to forward emulator headers in production (BAD_ENVIRONMENT naming the variable)', () => {
    expect(() => readConfig({ ...BASE, BEDROCK_FORWARD_EMULATOR_HEADERS: 'true' }).bedrock).toThrow(
      /BEDROCK_FORWARD_EMULATOR_HEADERS/,
    )
    expect(
      readConfig({ ...BASE, DEPLOY_ENV: 'local', BEDROCK_FORWARD_EMULATOR_HEADERS: 'true' })
        .bedrock,
    ).toMatchObject({
      BEDROCK_FORWARD_EMULATOR_HEADERS: true,
    })
  })

  it('passes fault directives on only when forwarding is enabled', async () => {
    const seen: (string | null)[] = []
    const fetch = async (request: Request) => {
      seen.push(request.headers.get('x-emulator-fault'))
      return Response.json(
        { message: 'stop' },
        { status: 400, headers: { 'x-amzn-ErrorType': 'ValidationException' } },
      )
    }
    const directives = { 'x-emulator-fault': 'throttle' }
    const request = { messages: [{ role: 'user' as const, content: [{ text: 'x' }] }] }
    for (const env of [
      { ...BASE },
      { ...BASE, DEPLOY_ENV: 'local', BEDROCK_FORWARD_EMULATOR_HEADERS: 'true' },
    ]) {
      const client = createConverseClient(readConfig(env).bedrock, { directives, fetch })
      await client
        .converse(request, { regions: ['us-east-1'], deadlineAt: Date.now() + 5_000 })
        .catch(() => {})
    }
    expect(seen).toEqual([null, 'throttle'])
  })

  it('signs with the edge identity unless a complete Bedrock identity is configured', () => {
    expect(bedrockCredentials(readConfig({ ...BASE }).bedrock)).toEqual({
      accessKeyId: BASE.EDGE_AWS_ACCESS_KEY_ID,
      secretAccessKey: BASE.EDGE_AWS_SECRET_ACCESS_KEY,
    })
    const bedrock = {
      BEDROCK_AWS_ACCESS_KEY_ID: 'AKIDBEDROCKONLY00000',
      BEDROCK_AWS_SECRET_ACCESS_KEY: 'bedrock-secret-0000000000000000000000000',
    }
    expect(bedrockCredentials(readConfig({ ...BASE, ...bedrock }).bedrock)).toEqual({
      accessKeyId: bedrock.BEDROCK_AWS_ACCESS_KEY_ID,
      secretAccessKey: bedrock.BEDROCK_AWS_SECRET_ACCESS_KEY,
    })
    const half = { ...BASE, BEDROCK_AWS_ACCESS_KEY_ID: bedrock.BEDROCK_AWS_ACCESS_KEY_ID }
    expect(() => readConfig(half).bedrock).toThrow(/BEDROCK_AWS_SECRET_ACCESS_KEY/)
  })
})
