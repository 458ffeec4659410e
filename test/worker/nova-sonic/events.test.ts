import { describe, expect, it } from 'vitest'
import { events, type StreamSetup } from '../../../worker/nova-sonic/build-events'
import { inputEvent } from '../../../worker/nova-sonic/input-events'
import { OutputNormalizer } from '../../../worker/nova-sonic/normalize'
import {
  generationStage,
  isInterruptionMarker,
  parseOutputEvent,
} from '../../../worker/nova-sonic/output-events'

const setup: StreamSetup = {
  inference: { maxTokens: 1024, topP: 0.9, temperature: 0.7 },
  endpointing: 'LOW',
  voiceId: 'amy',
  systemPrompt: 'You are an examiner.',
  tools: [
    { name: 'record_it', description: 'Records.', inputSchema: { json: '{"type":"object"}' } },
  ],
}

describe('input events', () => {
  it('builds every event we send so that it satisfies the input schema', () => {
    const all = [
      events.sessionStart(setup),
      events.promptStart('p', setup),
      ...events.text('p', 'c1', 'SYSTEM', setup.systemPrompt, false),
      ...events.text('p', 'c2', 'USER', 'hello', true),
      events.audioStart('p', 'a'),
      events.audioInput('p', 'a', 'AAAA'),
      ...events.toolResult('p', 't', 'tool-1', '{"recorded":true}'),
      events.contentEnd('p', 'a'),
      events.promptEnd('p'),
      events.sessionEnd(),
    ]
    for (const event of all) expect(() => inputEvent.parse(event)).not.toThrow()
  })

  it('asks for 24 kHz output and declares 16 kHz input, LPCM mono 16-bit base64', () => {
    const prompt = events.promptStart('p', setup).event as {
      promptStart: { audioOutputConfiguration: object }
    }
    expect(prompt.promptStart.audioOutputConfiguration).toMatchObject({
      mediaType: 'audio/lpcm',
      sampleRateHertz: 24000,
      sampleSizeBits: 16,
      channelCount: 1,
      encoding: 'base64',
      voiceId: 'amy',
    })
    const audio = events.audioStart('p', 'a').event as {
      contentStart: { audioInputConfiguration: object }
    }
    expect(audio.contentStart.audioInputConfiguration).toMatchObject({
      sampleRateHertz: 16000,
      sampleSizeBits: 16,
      channelCount: 1,
    })
    const session = events.sessionStart(setup).event as { sessionStart: object }
    expect(session.sessionStart).toEqual({
      inferenceConfiguration: setup.inference,
      turnDetectionConfiguration: { endpointingSensitivity: 'LOW' },
    })
  })

  it('refuses malformed events: interactive SYSTEM audio, wrong rates, extra members', () => {
    const bad = [
      { event: { sessionEnd: {}, promptEnd: { promptName: 'p' } } },
      {
        event: {
          contentStart: {
            promptName: 'p',
            contentName: 'a',
            type: 'AUDIO',
            interactive: true,
            role: 'SYSTEM',
            audioInputConfiguration: {},
          },
        },
      },
      {
        event: {
          promptStart: {
            ...(events.promptStart('p', setup).event as { promptStart: object }).promptStart,
            audioOutputConfiguration: { sampleRateHertz: 16000 },
          },
        },
      },
    ]
    for (const event of bad) expect(inputEvent.safeParse(event).success).toBe(false)
  })
})

describe('output events', () => {
  it('parses each event we read and passes unknown ones as unknown', () => {
    expect(
      parseOutputEvent({
        event: { textOutput: { contentId: 'c', content: 'Hi', role: 'ASSISTANT', extra: 1 } },
      }),
    ).toEqual({
      name: 'textOutput',
      payload: { contentId: 'c', content: 'Hi', role: 'ASSISTANT', extra: 1 },
    })
    expect(parseOutputEvent({ event: { somethingNew: {} } })).toEqual({
      name: 'unknown',
      payload: { names: ['somethingNew'] },
    })
    expect(() => parseOutputEvent({ event: { audioOutput: { contentId: 'c' } } })).toThrow()
    expect(() => parseOutputEvent({ nope: true })).toThrow()
  })

  it('reads the generation stage from additionalModelFields and spots the barge-in marker', () => {
    expect(generationStage('{"generationStage":"FINAL"}')).toBe('FINAL')
    expect(generationStage('{"generationStage":"SPECULATIVE"}')).toBe('SPECULATIVE')
    expect(generationStage('not json')).toBeNull()
    expect(generationStage(undefined)).toBeNull()
    expect(isInterruptionMarker('{ "interrupted" : true }')).toBe(true)
    expect(isInterruptionMarker('I was interrupted')).toBe(false)
  })
})

describe('OutputNormalizer', () => {
  const start = (contentId: string, type: string, role: string, stage?: string) => ({
    event: {
      contentStart: {
        contentId,
        type,
        role,
        ...(stage ? { additionalModelFields: JSON.stringify({ generationStage: stage }) } : {}),
      },
    },
  })
  const run = (list: unknown[]) => {
    const n = new OutputNormalizer()
    return list.flatMap((e) => n.next(parseOutputEvent(e)))
  }

  it('attributes text by its block: FINAL user ASR, speculative and final assistant text, turn end', () => {
    const out = run([
      start('u', 'TEXT', 'USER', 'FINAL'),
      { event: { textOutput: { contentId: 'u', content: 'I live in Leeds.' } } },
      { event: { contentEnd: { contentId: 'u', stopReason: 'END_TURN' } } },
      start('s', 'TEXT', 'ASSISTANT', 'SPECULATIVE'),
      { event: { textOutput: { contentId: 's', content: 'Why Leeds?' } } },
      { event: { contentEnd: { contentId: 's', stopReason: 'PARTIAL_TURN' } } },
      start('a', 'AUDIO', 'ASSISTANT'),
      { event: { audioOutput: { contentId: 'a', content: 'AAEC' } } },
      { event: { contentEnd: { contentId: 'a', stopReason: 'PARTIAL_TURN' } } },
      start('f', 'TEXT', 'ASSISTANT', 'FINAL'),
      { event: { textOutput: { contentId: 'f', content: 'Why Leeds?' } } },
      { event: { contentEnd: { contentId: 'f', stopReason: 'END_TURN' } } },
    ])
    expect(out).toEqual([
      { type: 'user_text', text: 'I live in Leeds.' },
      { type: 'assistant_text', text: 'Why Leeds?', stage: 'SPECULATIVE' },
      { type: 'assistant_audio', pcm: Uint8Array.from([0, 1, 2]) },
      { type: 'assistant_text', text: 'Why Leeds?', stage: 'FINAL' },
      { type: 'assistant_turn_end' },
    ])
  })

  it('reads completionEnd but reports nothing for it: the FINAL text block ends the turn', () => {
    expect(
      parseOutputEvent({
        event: { completionEnd: { completionId: 'c1', stopReason: 'END_TURN' } },
      }),
    ).toEqual({ name: 'completionEnd', payload: { completionId: 'c1', stopReason: 'END_TURN' } })
    const mid = run([
      { event: { completionStart: { promptName: 'p', completionId: 'c1' } } },
      start('f', 'TEXT', 'ASSISTANT', 'FINAL'),
      { event: { textOutput: { contentId: 'f', content: 'Thank you.' } } },
      { event: { completionEnd: { completionId: 'c1', stopReason: 'END_TURN' } } },
    ])
    // No turn end, no close: the block is still open, so the turn is not over yet.
    expect(mid).toEqual([{ type: 'assistant_text', text: 'Thank you.', stage: 'FINAL' }])
    expect(
      run([
        { event: { completionEnd: { stopReason: 'INTERRUPTED' } } },
        { event: { completionEnd: {} } },
      ]),
    ).toEqual([])
  })

  it('drops speculative user text, reports barge-in and tool use with its parsed input', () => {
    const out = run([
      start('u', 'TEXT', 'USER', 'SPECULATIVE'),
      { event: { textOutput: { contentId: 'u', content: 'maybe' } } },
      { event: { textOutput: { contentId: 'x', content: '{ "interrupted" : true }' } } },
      start('t', 'TOOL', 'TOOL'),
      {
        event: {
          toolUse: { contentId: 't', toolName: 'record_it', toolUseId: 'id-1', content: '{"a":1}' },
        },
      },
    ])
    expect(out).toEqual([
      { type: 'barge_in' },
      { type: 'tool_use', toolName: 'record_it', toolUseId: 'id-1', input: { a: 1 } },
    ])
  })
})
