import { randomUUID } from 'node:crypto'
import { Hono } from 'hono'
import { NOVA_MICRO_PROFILES } from '../../../shared/models'
import { isRegion, type Region } from '../../../shared/regions'
import { registerAdmin } from './admin'
import { converseAnswer } from './answer'
import { type BedrockErrorShape, checkSignature } from './auth'
import { type Fault, faultFor } from './faults'
import { conversationProblem, converseRequestSchema } from './request'

export type EmulatorSettings = {
  credentials: { accessKeyId: string; secretAccessKey: string }
  /** Added before every answer (0 for benchmarks). */
  latencyMs: number
  /** How long a `timeout` fault holds a request whose caller does not give up. */
  timeoutHoldMs: number
  now?: () => Date
}

/** What the emulator serves of Bedrock Runtime (the conformance suite covers each). */
export const BEDROCK_ENDPOINTS = {
  converse: 'POST /model/{modelId}/converse',
} as const

export type CallRecord = { region: Region; tag: string | null; status: number }

export type EmulatorState = { calls: CallRecord[]; faults: Map<Region, Fault> }

// `/<region>/model/<id>/<operation>` on the emulator's own address, or the real path on a
// request whose Host is `bedrock-runtime.<region>.amazonaws.com`.
const PREFIXED = /^\/([a-z0-9-]+)\/model\/([^/]+)\/([a-z-]+)$/
const REAL = /^\/model\/([^/]+)\/([a-z-]+)$/
const REAL_HOST = /^bedrock-runtime\.([a-z0-9-]+)\.amazonaws\.com(:\d+)?$/

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The emulator's HTTP app: Converse for the three regions plus a loopback admin API. */
export function createEmulatorApp(settings: EmulatorSettings, state: EmulatorState): Hono {
  const app = new Hono()

  registerAdmin(app, state)
  app.all('*', (c) => serveBedrock(c.req.raw, settings, state))
  return app
}

async function serveBedrock(request: Request, settings: EmulatorSettings, state: EmulatorState) {
  const target = parseTarget(request)
  if (!target)
    return bedrockError({
      status: 404,
      type: 'UnknownOperationException',
      message: 'Unknown operation.',
    })
  const body = new Uint8Array(await request.arrayBuffer())
  const refusal = await checkSignature(request, body, {
    region: target.region,
    credentials: settings.credentials,
    now: settings.now,
  })
  const record: CallRecord = {
    region: target.region,
    tag: request.headers.get('x-emulator-tag'),
    status: 0,
  }
  state.calls.push(record)
  const respond = (response: Response) => {
    record.status = response.status
    return response
  }
  if (refusal) return respond(bedrockError(refusal))
  if (request.method !== 'POST' || target.operation !== 'converse') {
    return respond(
      bedrockError({
        status: 404,
        type: 'UnknownOperationException',
        message: 'The local emulator serves Converse only.',
      }),
    )
  }
  const fault =
    faultFor(request.headers.get('x-emulator-fault'), target.region) ??
    state.faults.get(target.region)
  const failure = await failureFor(fault, request, settings)
  if (failure) return respond(bedrockError(failure))
  if (target.modelId !== NOVA_MICRO_PROFILES[target.region]) {
    return respond(
      bedrockError({
        status: 400,
        type: 'ValidationException',
        message: 'The provided model identifier is invalid.',
      }),
    )
  }
  const problem = validate(body)
  if (typeof problem === 'string')
    return respond(bedrockError({ status: 400, type: 'ValidationException', message: problem }))
  const started = Date.now()
  if (settings.latencyMs > 0) await sleep(settings.latencyMs)
  const answer = converseAnswer(problem, fault, Date.now() - started)
  return respond(Response.json(answer, { headers: { 'x-amzn-RequestId': randomUUID() } }))
}

function parseTarget(
  request: Request,
): { region: Region; modelId: string; operation: string } | null {
  const url = new URL(request.url)
  const prefixed = PREFIXED.exec(url.pathname)
  const real = REAL.exec(url.pathname)
  const hostRegion = REAL_HOST.exec(request.headers.get('host') ?? url.host)?.[1]
  const [region, encoded, operation] = prefixed
    ? prefixed.slice(1)
    : real && hostRegion
      ? [hostRegion, ...real.slice(1)]
      : []
  if (!isRegion(region) || !encoded || !operation) return null
  try {
    return { region, modelId: decodeURIComponent(encoded), operation }
  } catch {
    return null
  }
}

function validate(body: Uint8Array) {
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(body))
  } catch {
    return 'Malformed input request, please reformat your input and try again.'
  }
  const parsed = converseRequestSchema.safeParse(json)
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `Value at '${i.path.join('.')}' failed to satisfy constraint: ${i.message}`)
    return `${parsed.error.issues.length} validation error${parsed.error.issues.length === 1 ? '' : 's'} detected: ${issues.join('; ')}`
  }
  return conversationProblem(parsed.data) ?? parsed.data
}

async function failureFor(
  fault: Fault | undefined,
  request: Request,
  settings: EmulatorSettings,
): Promise<BedrockErrorShape | null> {
  switch (fault) {
    case 'throttle':
      return {
        status: 429,
        type: 'ThrottlingException',
        message: 'Too many requests, please wait before trying again.',
      }
    case 'server-error':
      return {
        status: 500,
        type: 'InternalServerException',
        message: 'The server encountered an internal error while processing the request.',
      }
    case 'unavailable':
      return {
        status: 503,
        type: 'ServiceUnavailableException',
        message: 'The service is temporarily unable to handle the request.',
      }
    case 'model-error':
      return {
        status: 424,
        type: 'ModelErrorException',
        message:
          'The model produced an invalid sequence as part of ToolUse. Please refer to the model tool use troubleshooting guide.',
      }
    case 'timeout':
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, settings.timeoutHoldMs)
        request.signal.addEventListener('abort', () => {
          clearTimeout(timer)
          resolve()
        })
      })
      return {
        status: 408,
        type: 'ModelTimeoutException',
        message: 'Model has timed out in processing the request. Try your request again.',
      }
    default:
      return null
  }
}

/** Bedrock's error shape: `{"message": …}` and the exception named in `x-amzn-ErrorType`. */
export function bedrockError(error: BedrockErrorShape): Response {
  return Response.json(
    { message: error.message },
    {
      status: error.status,
      headers: {
        'x-amzn-ErrorType': `${error.type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
        'x-amzn-RequestId': randomUUID(),
      },
    },
  )
}
