import { describe, expect, it } from 'vitest'
import { SonicConversation } from '../../../worker/nova-sonic/conversation'
import type { ConversationEvent } from '../../../worker/nova-sonic/normalize'
import type { FrameSocket } from '../../../worker/nova-sonic/socket'
import {
  conversationFor,
  credentials,
  SETUP,
  scriptSession,
  sessionKey,
  sessionRecord,
} from './support'

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('SonicConversation (against the Nova Sonic emulator)', { timeout: 20_000 }, () => {
  it('holds a turn: FINAL transcript, examiner text, 24 kHz audio, tool use answered', async () => {
    const key = sessionKey('turn')
    await scriptSession(key, {
      pauseMs: 300,
      studentTurns: ['I study chemistry at university.'],
      examinerLines: ['Why did you choose chemistry?'],
      pronunciation: [
        { afterStudentTurn: 1, input: { feature: 'word_stress', note: 'CHEmistry' } },
      ],
    })
    const { talk, seen, waitFor, speak } = conversationFor(key)
    await talk.start()
    expect(talk.state).toBe('live')
    speak(600)
    await waitFor((events) => events.some((e) => e.type === 'assistant_turn_end'))
    await talk.close()

    const types = seen
      .filter((e) => e.type !== 'assistant_audio' && e.type !== 'usage')
      .map((e) => e.type)
    expect(types).toEqual([
      'user_text',
      'tool_use',
      'assistant_text',
      'assistant_text',
      'assistant_turn_end',
      'closed',
    ])
    expect(seen[0]).toEqual({ type: 'user_text', text: 'I study chemistry at university.' })
    const audio = seen.flatMap((e) => (e.type === 'assistant_audio' ? [e.pcm] : []))
    expect(audio.length).toBeGreaterThan(0)
    expect(audio.every((pcm) => pcm.byteLength % 2 === 0)).toBe(true)
    expect(talk.history).toEqual([
      { role: 'USER', text: 'I study chemistry at university.' },
      { role: 'ASSISTANT', text: 'Why did you choose chemistry?' },
    ])

    await wait(100)
    const [stream] = (await sessionRecord(key)).streams
    expect(stream).toMatchObject({
      ended: 'client',
      failure: null,
      systemPrompt: SETUP.systemPrompt,
    })
    expect(stream?.toolResults).toHaveLength(1)
    expect(stream?.eventCounts).toMatchObject({
      sessionStart: 1,
      promptStart: 1,
      promptEnd: 1,
      sessionEnd: 1,
    })
  })

  it('sends stage directions as cross-modal text that the examiner answers', async () => {
    const key = sessionKey('cue')
    const { talk, waitFor } = conversationFor(key)
    await talk.start()
    talk.sendText('[PROCTOR] Begin now. Suggested words: "Good morning."')
    await waitFor((events) =>
      events.some(
        (e) =>
          e.type === 'assistant_text' &&
          e.stage === 'FINAL' &&
          e.text === '[emulated] Good morning.',
      ),
    )
    await talk.close()
    expect((await sessionRecord(key)).streams[0]?.userTexts).toEqual([
      '[PROCTOR] Begin now. Suggested words: "Good morning."',
    ])
  })

  it("does not take its own text input, if echoed back, for the user's words", async () => {
    const key = sessionKey('echo')
    await scriptSession(key, { echoTextInput: true, examinerLines: ['Hello.'] })
    const { talk, seen, waitFor } = conversationFor(key)
    await talk.start()
    talk.sendText('[PROCTOR] Begin now.')
    await waitFor((events) => events.some((e) => e.type === 'assistant_turn_end'))
    await talk.close()
    expect(seen.some((e) => e.type === 'user_text')).toBe(false)
    expect(talk.history).toEqual([
      { role: 'USER', text: '[PROCTOR] Begin now.' },
      { role: 'ASSISTANT', text: 'Hello.' },
    ])
  })

  it('moves to a new stream before the limit, seeded with the conversation so far', async () => {
    const key = sessionKey('rotate')
    await scriptSession(key, {
      pauseMs: 300,
      streamLimitMs: 60_000,
      studentTurns: ['First answer.', 'Second answer.', 'Third answer.'],
      examinerLines: ['First question?', 'Second question?', 'Third question?'],
    })
    const { talk, waitFor, speak, count } = conversationFor(key, {
      timings: { rotateAfterMs: 1_000, streamLimitMs: 60_000, forceMarginMs: 2_000 },
    })
    await talk.start()
    speak(300)
    await waitFor(() => count('assistant_turn_end') === 1)
    await wait(1_100)
    speak(300)
    // At the first turn boundary after rotateAfterMs (the forced switch would be at 58 s).
    await waitFor((events) => events.some((e) => e.type === 'stream_resumed'))
    speak(300)
    await waitFor(() => count('assistant_turn_end') === 3)
    await talk.close()
    await wait(100)

    const record = await sessionRecord(key)
    expect(record.streams.map((s) => s.ended)).toEqual(['client', 'client'])
    expect(record.streams[1]?.systemPrompt).toBe(SETUP.systemPrompt)
    expect(record.streams[1]?.history.map((m) => m.text)).toEqual([
      'First answer.',
      'First question?',
      'Second answer.',
      'Second question?',
    ])
    expect(talk.history.at(-1)).toEqual({ role: 'ASSISTANT', text: 'Third question?' })
  })

  it('continues a conversation an earlier process held: its first stream is seeded', async () => {
    const key = sessionKey('seeded')
    const { talk } = conversationFor(key, {
      history: [
        { role: 'ASSISTANT', text: 'Where do you live?' },
        { role: 'USER', text: 'In Leeds.' },
      ],
    })
    await talk.start()
    expect(talk.state).toBe('live')
    await talk.close()
    const [stream] = (await sessionRecord(key)).streams
    // Shaped as every resumed stream: opening with a user turn.
    expect(stream?.history).toEqual([
      { role: 'USER', text: '(The candidate has joined the speaking test.)' },
      { role: 'ASSISTANT', text: 'Where do you live?' },
      { role: 'USER', text: 'In Leeds.' },
    ])
  })

  it('resumes after the service closes the stream at its limit and carries on', async () => {
    const key = sessionKey('limit')
    await scriptSession(key, {
      pauseMs: 300,
      streamLimitMs: 1_500,
      studentTurns: ['Before the limit.', 'After the limit.'],
      examinerLines: ['Thank you.', 'And after?'],
    })
    const { talk, waitFor, speak, count } = conversationFor(key, {
      timings: { rotateAfterMs: 60_000, streamLimitMs: 60_000, forceMarginMs: 1_000 },
    })
    await talk.start()
    speak(300)
    await waitFor(() => count('assistant_turn_end') === 1)
    await waitFor((events) =>
      events.some((e) => e.type === 'stream_resumed' && e.reason === 'dropped'),
    )
    speak(300)
    await waitFor(() => count('assistant_turn_end') === 2)
    await talk.close()

    const record = await sessionRecord(key)
    expect(record.streams[0]?.ended).toBe('limit')
    expect(record.streams[1]?.history.map((m) => m.text)).toEqual([
      'Before the limit.',
      'Thank you.',
    ])
    expect(talk.history.map((m) => m.text)).toEqual([
      'Before the limit.',
      'Thank you.',
      'After the limit.',
      'And after?',
    ])
  })

  it('resumes a dropped stream and asks the examiner to answer the turn it lost', async () => {
    const key = sessionKey('drop')
    await scriptSession(key, {
      pauseMs: 300,
      dropAfterStudentTurns: [1],
      studentTurns: ['An answer that was never answered.'],
      examinerLines: ['Answered after the drop.'],
    })
    const nudge = '[PROCTOR] Connection restored. Suggested words: "Sorry."'
    const { talk, seen, waitFor, speak } = conversationFor(key, { resumeNudge: nudge })
    await talk.start()
    speak(300)
    await waitFor((events) => events.some((e) => e.type === 'assistant_turn_end'))
    await talk.close()

    const types = seen.map((e) => e.type).filter((t) => t !== 'assistant_audio' && t !== 'usage')
    expect(types.slice(0, 3)).toEqual(['user_text', 'reconnecting', 'stream_resumed'])
    const record = await sessionRecord(key)
    expect(record.streams[0]?.ended).toBe('dropped')
    expect(record.streams[1]?.history).toEqual([
      { role: 'USER', text: 'An answer that was never answered.' },
    ])
    expect(record.streams[1]?.userTexts).toEqual([nudge])
    expect(talk.history.at(-1)).toEqual({ role: 'ASSISTANT', text: 'Answered after the drop.' })
  })

  it('reports a connect failure when no attempt succeeds', async () => {
    const key = sessionKey('down')
    await scriptSession(key, { refuseConnects: 100 })
    const { talk, seen } = conversationFor(key)
    await talk.start()
    expect(talk.state).toBe('failed')
    expect(seen).toEqual([{ type: 'failed', reason: 'connect' }])
    expect((await sessionRecord(key)).upgrades).toBe(4)
  })

  it('forced off a stream mid-answer, replays the unfinished answer into the next one', async () => {
    const key = sessionKey('forced')
    await scriptSession(key, {
      pauseMs: 300,
      studentTurns: ['A long answer.'],
      examinerLines: ['Thank you.'],
    })
    const { talk, waitFor, count } = conversationFor(key, {
      timings: { rotateAfterMs: 60_000, streamLimitMs: 1_500, forceMarginMs: 500 },
    })
    await talk.start()
    for (let i = 0; i < 5; i++) talk.sendAudio(new Uint8Array(3200).map((_, j) => (j % 2 ? 20 : 0)))
    await waitFor((events) =>
      events.some((e) => e.type === 'stream_resumed' && e.reason === 'rotation'),
    )
    for (let i = 0; i < 4; i++) talk.sendAudio(new Uint8Array(3200))
    await waitFor(() => count('assistant_turn_end') === 1)
    await talk.close()

    const record = await sessionRecord(key)
    expect(record.studentTurns).toBe(1)
    expect(record.streams[0]?.ended).toBe('client')
    expect(record.streams[1]?.eventCounts.audioInput).toBe(9)
    expect(talk.history).toEqual([
      { role: 'USER', text: 'A long answer.' },
      { role: 'ASSISTANT', text: 'Thank you.' },
    ])
  })

  it('gives up when new streams keep ending before the service says anything', async () => {
    const seen: ConversationEvent[] = []
    let opened = 0
    const deadSocket = (): FrameSocket => {
      let onClose: ((info: { code: number; reason: string }) => void) | undefined
      setTimeout(() => onClose?.({ code: 1011, reason: 'gone' }), 10)
      return {
        send() {},
        close() {},
        onMessage() {},
        onClose: (listener) => {
          onClose = listener
        },
      }
    }
    const talk = new SonicConversation({
      setup: SETUP,
      open: async () => {
        opened++
        return { socket: deadSocket(), seedSignature: '0'.repeat(64) }
      },
      credentials: credentials(),
      region: 'us-east-1',
      service: 'bedrock',
      now: () => new Date(),
      rotateAfterMs: 60_000,
      streamLimitMs: 480_000,
      forceMarginMs: 30_000,
      maxReplayBytes: 1_000,
      maxConsecutiveFailures: 2,
      onEvent: (event) => seen.push(event),
    })
    await talk.start()
    await wait(200)
    expect(opened).toBe(3)
    expect(talk.state).toBe('failed')
    expect(seen.filter((e) => e.type !== 'reconnecting' && e.type !== 'stream_resumed')).toEqual([
      { type: 'failed', reason: 'service' },
    ])
  })
})
