import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, expect } from 'vitest'
import { LOCAL_EDGE_CREDENTIALS } from '../../local/credentials'
import { ORIGIN_ENDPOINTS, type OriginServer, startOriginServer } from '../../local/origin/server'
import { REFUSAL_REASON_HEADER } from '../../local/origin/sigv4-middleware'
import {
  type DynamoDbLocal,
  LOCAL_CREDENTIALS,
  startDynamoDbLocal,
} from '../../local/services/dynamodb-local'
import { type RedisServer, startRedisServer } from '../../local/services/redis-server'
import { ensureTable } from '../../local/services/table'
import { accepts, endpoint, everyEndpointCovered, refuses } from './support/endpoints'
import { type SignOptions, smithySigned } from './support/smithy-signer'

/**
 * The local origin stands in for a Lambda Function URL with AWS_IAM auth. Requests signed
 * by AWS's own signer (`@smithy/signature-v4`) must pass; whatever a Function URL refuses
 * must be refused as it is: 403, the AWS exception in `x-amzn-ErrorType`, a JSON message —
 * never a 5xx, which the worker reads as an outage and fails over on.
 */

const REGION = 'us-east-1'
const TABLE = `conformance-origin-${process.pid}`
let dynamodb: DynamoDbLocal
let redis: RedisServer
let origin: OriginServer

beforeAll(async () => {
  ;[dynamodb, redis] = await Promise.all([startDynamoDbLocal(), startRedisServer()])
  const admin = new DynamoDBClient({
    endpoint: dynamodb.endpoint,
    region: REGION,
    credentials: LOCAL_CREDENTIALS,
  })
  await ensureTable(admin, TABLE)
  admin.destroy()
  origin = await startOriginServer({
    region: REGION,
    tableName: TABLE,
    dynamoEndpoint: dynamodb.endpoint,
    redisUrl: redis.url,
    credentials: LOCAL_EDGE_CREDENTIALS,
  })
}, 120_000)
afterAll(async () => {
  await origin?.stop()
  await Promise.all([dynamodb?.stop(), redis?.stop()])
})

type Call = { method: string; path: string; body?: string }
const CALLS: Record<keyof typeof ORIGIN_ENDPOINTS, Call> = {
  health: { method: 'GET', path: '/health' },
  data: {
    method: 'POST',
    path: '/data/get',
    body: JSON.stringify({ key: { pk: 'USER#conformance', sk: 'PROFILE' } }),
  },
  redis: { method: 'POST', path: '/redis/pipeline', body: JSON.stringify([['PING']]) },
}

const url = (path: string) => new URL(path, origin.url).href
const edge: SignOptions = { credentials: LOCAL_EDGE_CREDENTIALS, region: REGION, service: 'lambda' }

function sign(call: Call, options: Partial<SignOptions> = {}) {
  const headers: Record<string, string> = call.body ? { 'content-type': 'application/json' } : {}
  return smithySigned(
    url(call.path),
    { method: call.method, body: call.body, headers },
    { ...edge, ...options },
  )
}

/** How a Function URL refuses: 403, the exception named, a one-field JSON message. */
async function expectRefused(response: Response, type: string, message?: RegExp) {
  expect(response.status, `${type}: never a 5xx for an auth failure`).toBe(403)
  expect(response.headers.get('x-amzn-errortype')).toBe(type)
  const body = (await response.json()) as Record<string, string>
  const key = type === 'AccessDeniedException' ? 'Message' : 'message'
  expect(Object.keys(body)).toEqual([key])
  if (message) expect(body[key]).toMatch(message)
}

/** Everything a Function URL refuses, made from one signed call. */
function tamperings(call: Call): Record<string, { type: string; make(): Promise<Request> }> {
  const withBody = async (body: string) => new Request(await sign(call), { body })
  return {
    unsigned: {
      type: 'AccessDeniedException',
      make: async () => new Request(url(call.path), { method: call.method, body: call.body }),
    },
    'the wrong secret': {
      type: 'InvalidSignatureException',
      make: () =>
        sign(call, { credentials: { ...LOCAL_EDGE_CREDENTIALS, secretAccessKey: 'wrong-secret' } }),
    },
    'an unknown access key': {
      type: 'UnrecognizedClientException',
      make: () =>
        sign(call, {
          credentials: { ...LOCAL_EDGE_CREDENTIALS, accessKeyId: 'AKIDSTRANGER0000000' },
        }),
    },
    "another region's scope": {
      type: 'InvalidSignatureException',
      make: () => sign(call, { region: 'eu-west-1' }),
    },
    "another service's scope": {
      type: 'InvalidSignatureException',
      make: () => sign(call, { service: 'execute-api' }),
    },
    'a signature ten minutes old': {
      type: 'InvalidSignatureException',
      make: () => sign(call, { signingDate: new Date(Date.now() - 10 * 60_000) }),
    },
    'a signature dated ten minutes ahead': {
      type: 'InvalidSignatureException',
      make: () => sign(call, { signingDate: new Date(Date.now() + 10 * 60_000) }),
    },
    'a query added after signing': {
      type: 'InvalidSignatureException',
      make: async () => {
        const signed = await sign(call)
        return new Request(`${signed.url}?injected=1`, signed)
      },
    },
    'a Bearer token instead of a signature': {
      type: 'IncompleteSignatureException',
      make: async () =>
        new Request(url(call.path), {
          method: call.method,
          body: call.body,
          headers: { authorization: 'Bearer not-a-sigv4-signature' },
        }),
    },
    'a mangled Authorization header': {
      type: 'IncompleteSignatureException',
      make: async () => {
        const signed = await sign(call)
        const headers = new Headers(signed.headers)
        headers.set(
          'authorization',
          headers.get('authorization')!.replace('SignedHeaders=', 'Signed='),
        )
        return new Request(signed, { headers })
      },
    },
    ...(call.body
      ? {
          'a body changed after signing': {
            type: 'InvalidSignatureException',
            make: () => withBody(`${call.body} `),
          },
          'UNSIGNED-PAYLOAD (Lambda wants the body hashed)': {
            type: 'InvalidSignatureException',
            make: () =>
              smithySigned(
                url(call.path),
                {
                  method: call.method,
                  body: call.body,
                  headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
                },
                edge,
              ),
          },
        }
      : {}),
  }
}

for (const [name, call] of Object.entries(CALLS) as [keyof typeof CALLS, Call][]) {
  endpoint(ORIGIN_ENDPOINTS[name], () => {
    accepts('what @smithy/signature-v4 signs for lambda in this region', async () => {
      const response = await fetch(await sign(call))
      expect(response.status).toBe(200)
    })

    for (const [what, tampering] of Object.entries(tamperings(call))) {
      refuses(`${what}: 403 ${tampering.type}`, async () => {
        const response = await fetch(await tampering.make())
        expect(response.headers.get(REFUSAL_REASON_HEADER)).toBeTruthy()
        await expectRefused(response, tampering.type)
      })
    }
  })
}

endpoint(ORIGIN_ENDPOINTS.data, () => {
  accepts('a multi-value, percent-encoded query (signed as the SDK encodes it)', async () => {
    const call = { ...CALLS.data, path: '/data/get?tag=b&tag=a&note=a%20b%2Bc&empty=' }
    expect((await fetch(await sign(call))).status).toBe(200)
  })

  accepts('a path that needs percent-encoding, signed double-encoded', async () => {
    // Not a route (404 from the app), but past the front door: the signature held.
    const response = await fetch(
      await sign({ method: 'POST', path: '/data/Zo%C3%AB%20Ng', body: '{}' }),
    )
    expect(response.status).toBe(404)
    expect(response.headers.get('x-amzn-errortype')).toBeNull()
  })

  refuses("with AWS's words for a wrong region scope", async () => {
    await expectRefused(
      await fetch(await sign(CALLS.data, { region: 'ap-southeast-1' })),
      'InvalidSignatureException',
      /^Credential should be scoped to a valid region, not 'ap-southeast-1'\. $/,
    )
  })

  refuses("unsigned with the Function URL's own answer", async () => {
    await expectRefused(
      await fetch(url(CALLS.data.path), { method: 'POST', body: CALLS.data.body }),
      'AccessDeniedException',
      /^Forbidden\. For troubleshooting Function URL authorization issues/,
    )
  })
})

everyEndpointCovered(Object.values(ORIGIN_ENDPOINTS))
