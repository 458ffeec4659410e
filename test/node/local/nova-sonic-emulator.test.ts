import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type NovaSonicEmulator, startNovaSonicEmulator } from '../../../local/emulators/nova-sonic'
import { silence, tone } from '../../../local/emulators/nova-sonic/endpointing'
import { wsConnector } from '../../../local/emulators/nova-sonic/ws-connector'
import { events, type StreamSetup } from '../../../worker/nova-sonic/build-events'
import { FrameSigner } from '../../../worker/nova-sonic/frame-signer'
import type { InputEvent } from '../../../worker/nova-sonic/input-events'
import {
  decodeServerMessage,
  encodeEventChunk,
  type ServerMessage,
} from '../../../worker/nova-sonic/payload'
import { presignUrl, streamUrl } from '../../../worker/nova-sonic/presign'

const credentials = { accessKeyId: 'AKIDEMULATORTEST', secretAccessKey: 'emulator-test-secret' }
const setup: StreamSetup = {
  inference: { maxTokens: 512, topP: 0.9, temperature: 0.7 },
  endpointing: 'HIGH',
  voiceId: 'amy',
  systemPrompt: 'Examiner rules.',
  tools: [{ name: 'record_pronunciation_evidence', description: 'd', inputSchema: { json: '{}' } }],
}
let emulator: NovaSonicEmulator
let n = 0
const key = () => `node-${process.pid}-${++n}`

beforeAll(async () => {
  emulator = await startNovaSonicEmulator(
    { edgeCredentials: credentials },
    { streamLimitMs: 60_000 },
  )
})
afterAll(() => emulator.stop())

async function presigned(
  session: string,
  o: { secret?: string; now?: Date; model?: string; service?: string } = {},
) {
  return presignUrl({
    url: `${streamUrl(emulator.url, o.model ?? 'amazon.nova-2-sonic-v1:0')}?user-agent=${encodeURIComponent(`node-test session/${session}`)}`,
    credentials: { ...credentials, secretAccessKey: o.secret ?? credentials.secretAccessKey },
    region: 'us-east-1',
    service: o.service ?? 'bedrock',
    expiresSeconds: 60,
    now: o.now ?? new Date(),
  })
}

/** Answers to a bare upgrade request: the emulator's HTTP refusal, if any. */
function upgrade(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    })
    req.on('upgrade', (res, socket) => {
      socket.destroy()
      resolve({ status: res.statusCode ?? 0, body: '' })
    })
    req.on('response', (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function open(session: string, script?: object, signerNow?: () => Date) {
  if (script)
    await fetch(`${emulator.url}/__emulator/sessions/${session}`, {
      method: 'PUT',
      body: JSON.stringify(script),
    })
  const { url, signature } = await presigned(session)
  const socket = await wsConnector(url, new AbortController().signal)
  const signer = new FrameSigner({
    credentials,
    region: 'us-east-1',
    service: 'bedrock',
    seedSignature: signature,
    now: signerNow,
  })
  const received: ServerMessage[] = []
  socket.onMessage((frame) => received.push(decodeServerMessage(frame)))
  const closed = new Promise<number>((resolve) => socket.onClose((info) => resolve(info.code)))
  const send = async (event: InputEvent) => socket.send(await signer.sign(encodeEventChunk(event)))
  const sendAll = async (list: InputEvent[]) => {
    for (const e of list) await send(e)
  }
  const opening = (p: string) => [
    events.sessionStart(setup),
    events.promptStart(p, setup),
    ...events.text(p, 'sys', 'SYSTEM', setup.systemPrompt, false),
  ]
  return { socket, signer, received, closed, send, sendAll, opening }
}

const record = async (session: string) =>
  (await fetch(`${emulator.url}/__emulator/sessions/${session}`)).json() as Promise<{
    streams: { ended: string; failure: string | null; history: unknown[] }[]
    refused: number
  }>
const exceptionOf = (messages: ServerMessage[]) => messages.find((m) => m.kind === 'exception')
const eventNames = (messages: ServerMessage[]) =>
  messages.flatMap((m) =>
    m.kind === 'event' ? Object.keys((m.json as { event: object }).event) : [],
  )
const until = async (test: () => boolean, ms = 5_000) => {
  for (const start = Date.now(); !test(); await new Promise((r) => setTimeout(r, 20)))
    if (Date.now() - start > ms) throw new Error('timed out')
}

describe('Nova Sonic emulator: the presigned URL', () => {
  it('accepts a correctly presigned URL', async () => {
    expect((await upgrade((await presigned(key())).url)).status).toBe(101)
  })

  it.each([
    ['a wrong secret', { secret: 'wrong' }, 403, 'SIGNATURE_MISMATCH'],
    ['an expired URL', { now: new Date(Date.now() - 2 * 60_000) }, 403, 'URL_EXPIRED'],
    [
      'a URL dated in the future',
      { now: new Date(Date.now() + 10 * 60_000) },
      403,
      'URL_NOT_YET_VALID',
    ],
    ['the wrong signing service', { service: 'bedrock-runtime' }, 403, 'WRONG_SCOPE'],
    ['the retired v1 model', { model: 'amazon.nova-sonic-v1:0' }, 400, 'model identifier'],
  ])('refuses %s', async (_label, options, status, reason) => {
    const answer = await upgrade((await presigned(key(), options)).url)
    expect(answer.status).toBe(status)
    expect(answer.body).toContain(reason)
  })

  it('refuses a tampered query and a URL without auth parameters', async () => {
    const { url } = await presigned(key())
    expect((await upgrade(url.replace('X-Amz-Expires=60', 'X-Amz-Expires=600'))).body).toContain(
      'SIGNATURE_MISMATCH',
    )
    expect((await upgrade(url.split('?')[0]!)).body).toContain('MISSING_AUTH_PARAMETERS')
  })

  it('answers a malformed request with 400 and keeps serving', async () => {
    const { url } = await presigned(key())
    const broken = url.replace('amazon.nova-2-sonic-v1%3A0', 'amazon.nova-2-sonic-v1%E0%A4%A')
    expect((await upgrade(broken)).status).toBe(400)
    expect((await upgrade((await presigned(key())).url)).status).toBe(101)
  })

  it('refuses the first N connects of a scripted session with 503', async () => {
    const session = key()
    await fetch(`${emulator.url}/__emulator/sessions/${session}`, {
      method: 'PUT',
      body: JSON.stringify({ refuseConnects: 2 }),
    })
    const statuses = []
    for (let i = 0; i < 3; i++)
      statuses.push((await upgrade((await presigned(session)).url)).status)
    expect(statuses).toEqual([503, 503, 101])
    expect((await record(session)).refused).toBe(2)
  })
})

describe('Nova Sonic emulator: frames and event order', () => {
  it('answers a turn: ASR text, tool use, speculative and final text, 24 kHz audio', async () => {
    const session = key()
    const c = await open(session, {
      studentTurns: ['Hello there.'],
      examinerLines: ['Hi.'],
      pronunciation: [{ afterStudentTurn: 1, input: { x: 1 } }],
    })
    await c.sendAll([...c.opening('p'), events.audioStart('p', 'a')])
    // HIGH sensitivity: a 1.5 s pause ends the turn; 1.4 s does not.
    const audio = (pcm: Uint8Array) =>
      c.send(events.audioInput('p', 'a', Buffer.from(pcm).toString('base64')))
    await audio(tone(500, 16_000))
    await audio(silence(1_400, 16_000))
    await new Promise((r) => setTimeout(r, 150))
    expect(eventNames(c.received)).toEqual([])
    await audio(silence(200, 16_000))
    await until(() => eventNames(c.received).includes('toolUse'))
    expect(eventNames(c.received).slice(0, 5)).toEqual([
      'completionStart',
      'contentStart',
      'textOutput',
      'contentEnd',
      'contentStart',
    ])
    c.socket.close(1000)
  })

  it('refuses a frame whose chained signature is wrong, with a validationException', async () => {
    const session = key()
    const c = await open(session)
    await c.send(events.sessionStart(setup))
    const forged = new FrameSigner({
      credentials,
      region: 'us-east-1',
      service: 'bedrock',
      seedSignature: '0'.repeat(64),
    })
    c.socket.send(await forged.sign(encodeEventChunk(events.promptStart('p', setup))))
    expect(await c.closed).toBe(1000)
    expect(exceptionOf(c.received)).toEqual({
      kind: 'exception',
      type: 'validationException',
      message: 'frame: signature mismatch',
    })
    expect((await record(session)).streams[0]).toMatchObject({
      ended: 'protocol',
      failure: 'frame: signature mismatch',
    })
  })

  it('refuses a replayed frame (the chain has moved on)', async () => {
    const c = await open(key())
    const frame = await c.signer.sign(encodeEventChunk(events.sessionStart(setup)))
    c.socket.send(frame)
    c.socket.send(frame)
    await c.closed
    expect(exceptionOf(c.received)?.kind === 'exception' && exceptionOf(c.received)).toMatchObject({
      message: 'frame: signature mismatch',
    })
  })

  it('refuses a frame with a bad CRC and a frame with a stale :date', async () => {
    const crc = await open(key())
    const frame = await crc.signer.sign(encodeEventChunk(events.sessionStart(setup)))
    frame[frame.byteLength - 10]! ^= 1
    crc.socket.send(frame)
    await crc.closed
    expect(exceptionOf(crc.received)).toMatchObject({ message: expect.stringMatching(/checksum/) })
    const stale = await open(key(), undefined, () => new Date(Date.now() - 10 * 60_000))
    await stale.send(events.sessionStart(setup))
    await stale.closed
    expect(exceptionOf(stale.received)).toMatchObject({ message: 'frame: stale :date' })
  })

  it.each([
    [
      'promptStart before sessionStart',
      (p: string) => [events.promptStart(p, setup)],
      'promptStart before sessionStart',
    ],
    [
      'audio before the system prompt',
      (p: string) => [
        events.sessionStart(setup),
        events.promptStart(p, setup),
        events.audioStart(p, 'a'),
      ],
      'the first content must be the SYSTEM text block',
    ],
    [
      'history after audio',
      (p: string) => [
        events.sessionStart(setup),
        events.promptStart(p, setup),
        ...events.text(p, 's', 'SYSTEM', 'x', false),
        events.audioStart(p, 'a'),
        ...events.text(p, 'h', 'USER', 'old', false),
      ],
      'history must come before audio',
    ],
    [
      'a tool result nobody asked for',
      (p: string) => [
        events.sessionStart(setup),
        events.promptStart(p, setup),
        ...events.text(p, 's', 'SYSTEM', 'x', false),
        events.audioStart(p, 'a'),
        ...events.toolResult(p, 't', 'made-up', '{}'),
      ],
      'unknown toolUseId',
    ],
    [
      'promptEnd with audio still open',
      (p: string) => [
        events.sessionStart(setup),
        events.promptStart(p, setup),
        ...events.text(p, 's', 'SYSTEM', 'x', false),
        events.audioStart(p, 'a'),
        events.promptEnd(p),
      ],
      'promptEnd with content blocks still open',
    ],
    [
      'sessionEnd before promptEnd',
      (p: string) => [
        events.sessionStart(setup),
        events.promptStart(p, setup),
        events.sessionEnd(),
      ],
      'sessionEnd before promptEnd',
    ],
  ])('refuses %s', async (_label, build, message) => {
    const c = await open(key())
    await c.sendAll(build('p'))
    await c.closed
    expect(exceptionOf(c.received)).toMatchObject({ type: 'validationException', message })
  })

  it('closes a stream at its limit', async () => {
    const session = key()
    const c = await open(session, { streamLimitMs: 200 })
    await c.sendAll([...c.opening('p'), events.audioStart('p', 'a')])
    await c.closed
    expect(exceptionOf(c.received)).toMatchObject({
      message: 'The stream reached its maximum duration.',
    })
    expect((await record(session)).streams[0]?.ended).toBe('limit')
  })

  it('refuses an invalid script', async () => {
    const res = await fetch(`${emulator.url}/__emulator/sessions/${key()}`, {
      method: 'PUT',
      body: '{"refuseConnects":-1}',
    })
    expect(res.status).toBe(400)
  })
})

describe('Nova Sonic emulator: what it gives the worker', () => {
  it('points the worker at itself, and passes the speaking time scale only when given one', async () => {
    expect(emulator.vars).toEqual({
      NOVA_SONIC_ENDPOINT: emulator.url,
      NOVA_SONIC_EMULATOR_URL: emulator.url,
    })
    const paced = await startNovaSonicEmulator(
      { edgeCredentials: credentials },
      { speakingTimeScale: '0.02' },
    )
    try {
      expect(paced.vars.SPEAKING_TIME_SCALE).toBe('0.02')
    } finally {
      await paced.stop()
    }
  })
})
