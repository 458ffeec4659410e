import { request } from 'node:https'
import { afterAll, beforeAll, expect } from 'vitest'
import {
  NOVA_SONIC_ENDPOINTS,
  type NovaSonicEmulator,
  startNovaSonicEmulator,
} from '../../local/emulators/nova-sonic'
import { silence, tone } from '../../local/emulators/nova-sonic/endpointing'
import { wsConnector } from '../../local/emulators/nova-sonic/ws-connector'
import { events, type StreamSetup } from '../../worker/nova-sonic/build-events'
import { FrameSigner } from '../../worker/nova-sonic/frame-signer'
import type { InputEvent } from '../../worker/nova-sonic/input-events'
import { type ConversationEvent, OutputNormalizer } from '../../worker/nova-sonic/normalize'
import { parseOutputEvent } from '../../worker/nova-sonic/output-events'
import { decodeServerMessage, encodeEventChunk } from '../../worker/nova-sonic/payload'
import { presignUrl, streamUrl } from '../../worker/nova-sonic/presign'
import { accepts, endpoint, everyEndpointCovered, refuses } from './support/endpoints'
import {
  eventNames,
  openSdkStream,
  SONIC_MODEL,
  sonicClient,
  trustEmulatorInWebSockets,
} from './support/sonic'

/**
 * Nova Sonic's InvokeModelWithBidirectionalStream, driven by the AWS SDK's own clients: the
 * Node default over HTTP/2 and the browser build's WebSocket handler. The events sent are
 * built by the worker's own builders and the answers read by its own parser, so the SDK's
 * transports and the worker's WebSocket path are held to one event protocol.
 */

const credentials = { accessKeyId: 'AKIDCONFORMANCESONIC', secretAccessKey: 'conformance-secret' }
const setup: StreamSetup = {
  inference: { maxTokens: 512, topP: 0.9, temperature: 0.7 },
  endpointing: 'HIGH',
  voiceId: 'amy',
  systemPrompt: 'You are an IELTS examiner.',
  tools: [
    {
      name: 'record_pronunciation_evidence',
      description: 'Notes what you heard.',
      inputSchema: { json: '{"type":"object","properties":{}}' },
    },
  ],
}
const SCRIPT = {
  studentTurns: ['I live in Leeds, in the north of England.'],
  examinerLines: ['Thank you. Do you like living there?'],
}

let emulator: NovaSonicEmulator
let restoreWebSocket: () => void
const openedSockets: string[] = []
let n = 0
const newSession = () => `conformance-${process.pid}-${++n}`

beforeAll(async () => {
  emulator = await startNovaSonicEmulator(
    { edgeCredentials: credentials },
    { streamLimitMs: 60_000 },
  )
  restoreWebSocket = trustEmulatorInWebSockets(emulator.caPem, openedSockets)
})
afterAll(async () => {
  restoreWebSocket()
  await emulator.stop()
})

async function script(session: string, body: object = SCRIPT) {
  const res = await fetch(`${emulator.url}/__emulator/sessions/${session}`, {
    method: 'PUT',
    body: JSON.stringify(body),
  })
  expect(res.status).toBe(200)
}

const record = async (session: string) =>
  (await (await fetch(`${emulator.url}/__emulator/sessions/${session}`)).json()) as {
    upgrades: number
    streams: { ended: string | null; failure: string | null; toolResults: unknown[] }[]
  }

const base64 = (pcm: Uint8Array) => Buffer.from(pcm).toString('base64')

/** One student turn: the worker's opening, half a second of speech, a pause that ends it. */
function firstTurn(promptName: string, audioName: string): InputEvent[] {
  return [
    ...events.opening(promptName, audioName, setup, [], () => crypto.randomUUID()),
    events.audioInput(promptName, audioName, base64(tone(500, 16_000))),
    events.audioInput(promptName, audioName, base64(silence(1_600, 16_000))),
  ]
}

/** The examiner's turn is over once its FINAL text block has ended and usage is reported. */
const examinerDone = (received: readonly unknown[]) => eventNames(received).includes('usageEvent')

/** The output as the worker's own parser and normalizer read it. */
function asWorkerReadsIt(received: readonly unknown[]): ConversationEvent[] {
  const normalizer = new OutputNormalizer()
  return received.flatMap((json) => normalizer.next(parseOutputEvent(json)))
}

/** A short conversation through the SDK: one student turn, the examiner's answer, goodbye. */
async function sdkConversation(via: 'http2' | 'websocket', session: string) {
  const stream = openSdkStream(sonicClient(emulator, { via, session, credentials }))
  for (const event of firstTurn('prompt-1', 'audio-1')) stream.send(event)
  await stream.until(examinerDone)
  for (const event of events.closing('prompt-1', 'audio-1')) stream.send(event)
  stream.end()
  return { stream, outcome: await stream.done }
}

/** The same conversation through the worker's own WebSocket client (presign, frame signer). */
async function workerConversation(session: string) {
  const { url, signature } = await presignUrl({
    url: `${streamUrl(emulator.url, SONIC_MODEL)}?user-agent=${encodeURIComponent(`worker session/${session}`)}`,
    credentials,
    region: 'us-east-1',
    service: 'bedrock',
    expiresSeconds: 60,
    now: new Date(),
  })
  const socket = await wsConnector(url, new AbortController().signal)
  const signer = new FrameSigner({
    credentials,
    region: 'us-east-1',
    service: 'bedrock',
    seedSignature: signature,
  })
  const received: unknown[] = []
  socket.onMessage((frame) => {
    const message = decodeServerMessage(frame)
    if (message.kind === 'event') received.push(message.json)
  })
  const closed = new Promise<void>((resolve) => socket.onClose(() => resolve()))
  const send = async (event: InputEvent) => socket.send(await signer.sign(encodeEventChunk(event)))
  for (const event of firstTurn('prompt-1', 'audio-1')) await send(event)
  for (let i = 0; !examinerDone(received); i++) {
    if (i > 500) throw new Error('the examiner never answered')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  for (const event of events.closing('prompt-1', 'audio-1')) await send(event)
  socket.send(await signer.sign(new Uint8Array(0)))
  await closed
  return received
}

/** What a refused SDK call threw: its exception name, HTTP status and message. */
async function refusal(call: Promise<unknown>) {
  const error = (await call.then(
    () => null,
    (e: unknown) => e,
  )) as { name: string; message: string; $metadata?: { httpStatusCode?: number } } | null
  expect(error, 'the SDK call should have been refused').not.toBeNull()
  return { name: error!.name, status: error!.$metadata?.httpStatusCode, message: error!.message }
}

/** How the emulator answers a URL the SDK presigned (a browser WebSocket never shows it). */
function upgradeStatus(url: string): Promise<{ status: number; errorType: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url.replace(/^wss:/, 'https:'), {
      ca: emulator.caPem,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    })
    req.on('upgrade', (res, socket) => {
      socket.destroy()
      resolve({ status: res.statusCode ?? 0, errorType: null })
    })
    req.on('response', (res) => {
      res.resume()
      resolve({ status: res.statusCode ?? 0, errorType: res.headers['x-amzn-errortype'] })
    })
    req.on('error', reject)
    req.end()
  })
}

endpoint(NOVA_SONIC_ENDPOINTS.http2, () => {
  accepts('a short conversation from the SDK (NodeHttp2Handler, TLS to the local CA)', async () => {
    const session = newSession()
    await script(session)
    const { stream, outcome } = await sdkConversation('http2', session)
    expect(outcome.error).toBeUndefined()
    const heard = asWorkerReadsIt(stream.received)
    expect(heard.filter((e) => e.type === 'user_text')).toEqual([
      { type: 'user_text', text: SCRIPT.studentTurns[0] },
    ])
    expect(heard).toContainEqual({
      type: 'assistant_text',
      text: SCRIPT.examinerLines[0],
      stage: 'FINAL',
    })
    expect(heard.some((e) => e.type === 'assistant_audio')).toBe(true)
    expect(heard.some((e) => e.type === 'assistant_turn_end')).toBe(true)
    const [stream0] = (await record(session)).streams
    expect(stream0).toMatchObject({ ended: 'client', failure: null })
  })

  accepts('a tool use answered with a TOOL result block', async () => {
    const session = newSession()
    await script(session, {
      ...SCRIPT,
      pronunciation: [{ afterStudentTurn: 1, input: { clarity: 'good' } }],
    })
    const stream = openSdkStream(sonicClient(emulator, { via: 'http2', session, credentials }))
    for (const event of firstTurn('prompt-1', 'audio-1')) stream.send(event)
    await stream.until((received) => eventNames(received).includes('toolUse'))
    const toolUse = asWorkerReadsIt(stream.received).find((e) => e.type === 'tool_use')
    expect(toolUse).toMatchObject({
      toolName: 'record_pronunciation_evidence',
      input: { clarity: 'good' },
    })
    const id = (toolUse as { toolUseId: string }).toolUseId
    for (const event of events.toolResult('prompt-1', 'tool-1', id, '{"recorded":true}'))
      stream.send(event)
    await stream.until(examinerDone)
    for (const event of events.closing('prompt-1', 'audio-1')) stream.send(event)
    stream.end()
    expect((await stream.done).error).toBeUndefined()
    expect((await record(session)).streams[0]).toMatchObject({
      ended: 'client',
      toolResults: [{ toolUseId: id, content: '{"recorded":true}' }],
    })
  })

  refuses('a request signed with the wrong secret: 403 InvalidSignatureException', async () => {
    const client = sonicClient(emulator, {
      via: 'http2',
      session: newSession(),
      credentials: { ...credentials, secretAccessKey: 'not-the-secret' },
    })
    expect(await refusal(openSdkStream(client).opened)).toEqual({
      name: 'InvalidSignatureException',
      status: 403,
      message: expect.stringMatching(/^The request signature we calculated does not match/),
    })
  })

  refuses('an access key Bedrock does not know: 403 UnrecognizedClientException', async () => {
    const client = sonicClient(emulator, {
      via: 'http2',
      session: newSession(),
      credentials: { ...credentials, accessKeyId: 'AKIDSOMEONEELSE00000' },
    })
    expect(await refusal(openSdkStream(client).opened)).toMatchObject({
      name: 'UnrecognizedClientException',
      status: 403,
    })
  })

  refuses('a request signed ten minutes ago: 403 InvalidSignatureException', async () => {
    const client = sonicClient(emulator, { via: 'http2', session: newSession(), credentials })
    client.config.systemClockOffset = -10 * 60_000
    expect(await refusal(openSdkStream(client).opened)).toEqual({
      name: 'InvalidSignatureException',
      status: 403,
      message: expect.stringMatching(/^Signature expired: /),
    })
  })

  refuses('the retired Nova Sonic v1 model: 400 ValidationException', async () => {
    const client = sonicClient(emulator, { via: 'http2', session: newSession(), credentials })
    const { InvokeModelWithBidirectionalStreamCommand } = await import(
      '@aws-sdk/client-bedrock-runtime'
    )
    async function* nothing() {}
    const call = client.send(
      new InvokeModelWithBidirectionalStreamCommand({
        modelId: 'amazon.nova-sonic-v1:0',
        body: nothing(),
      }),
    )
    expect(await refusal(call)).toMatchObject({ name: 'ValidationException', status: 400 })
  })

  refuses('events out of order, mid-stream, with a validationException event', async () => {
    const session = newSession()
    const stream = openSdkStream(sonicClient(emulator, { via: 'http2', session, credentials }))
    stream.send(events.promptStart('prompt-1', setup))
    const { error } = await stream.done
    expect(error).toMatchObject({
      name: 'ValidationException',
      message: 'promptStart before sessionStart',
    })
    expect((await record(session)).streams[0]).toMatchObject({ ended: 'protocol' })
  })

  refuses('while the service is unavailable: 503 ServiceUnavailableException', async () => {
    const session = newSession()
    await script(session, { refuseConnects: 1 })
    const client = sonicClient(emulator, { via: 'http2', session, credentials })
    expect(await refusal(openSdkStream(client).opened)).toMatchObject({
      name: 'ServiceUnavailableException',
      status: 503,
    })
  })
})

endpoint(NOVA_SONIC_ENDPOINTS.webSocket, () => {
  accepts("the same conversation from the SDK's browser handler (presigned wss://)", async () => {
    const session = newSession()
    await script(session)
    const { stream, outcome } = await sdkConversation('websocket', session)
    expect(outcome.error).toBeUndefined()
    expect(asWorkerReadsIt(stream.received)).toContainEqual({
      type: 'assistant_text',
      text: SCRIPT.examinerLines[0],
      stage: 'FINAL',
    })
    expect((await record(session)).streams[0]).toMatchObject({ ended: 'client', failure: null })
  })

  accepts(
    'one event protocol: the SDK (both transports) and the worker get the same answers',
    async () => {
      const sessions = [newSession(), newSession(), newSession()]
      for (const session of sessions) await script(session)
      const overHttp2 = (await sdkConversation('http2', sessions[0]!)).stream.received
      const overSdkWebSocket = (await sdkConversation('websocket', sessions[1]!)).stream.received
      const overWorkerWebSocket = await workerConversation(sessions[2]!)
      // The examiner's whole turn; a completionEnd after it races the client's goodbye.
      const turn = (received: unknown[]) =>
        eventNames(received).filter((e) => e !== 'completionEnd')
      expect(turn(overHttp2)).toContain('audioOutput')
      expect(turn(overSdkWebSocket)).toEqual(turn(overHttp2))
      expect(turn(overWorkerWebSocket)).toEqual(turn(overHttp2))
      const sent = await Promise.all(sessions.map(async (s) => (await record(s)).streams[0]))
      expect(sent.map((s) => s?.ended)).toEqual(['client', 'client', 'client'])
    },
  )

  refuses('a URL presigned with the wrong secret: 403 InvalidSignatureException', async () => {
    const client = sonicClient(emulator, {
      via: 'websocket',
      session: newSession(),
      credentials: { ...credentials, secretAccessKey: 'not-the-secret' },
    })
    const before = openedSockets.length
    // A browser WebSocket never sees the status: the SDK reports a synthetic failure...
    const error = (await openSdkStream(client).opened.then(
      () => null,
      (e: unknown) => e,
    )) as { $metadata?: { websocketSynthetic500Error?: boolean } } | null
    expect(error?.$metadata?.websocketSynthetic500Error).toBe(true)
    // ...and the URL it presigned is answered as Bedrock answers it.
    const url = openedSockets[before]!
    expect(url).toMatch(/X-Amz-SignedHeaders=host&x-amz-user-agent=/)
    expect(await upgradeStatus(url)).toEqual({
      status: 403,
      errorType: 'InvalidSignatureException',
    })
  })
})

everyEndpointCovered(Object.values(NOVA_SONIC_ENDPOINTS))
