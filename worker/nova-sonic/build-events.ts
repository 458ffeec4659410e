import {
  type ChatRole,
  type EndpointingSensitivity,
  INPUT_SAMPLE_RATE,
  type InferenceConfiguration,
  type InputEvent,
  OUTPUT_SAMPLE_RATE,
  type ToolSpec,
} from './input-events'

/** What a stream is opened with: the same for the first stream and every resumed one. */
export type StreamSetup = {
  inference: InferenceConfiguration
  endpointing: EndpointingSensitivity
  voiceId: string
  systemPrompt: string
  tools: readonly ToolSpec[]
}

const TEXT = { mediaType: 'text/plain' } as const

/**
 * Builders of the events we send; each returns the `{ event: … }` document.
 *
 * @example
 * send(events.sessionStart(setup))
 * send(events.promptStart(promptName, setup))
 */
export const events = {
  sessionStart(setup: Pick<StreamSetup, 'inference' | 'endpointing'>): InputEvent {
    return {
      event: {
        sessionStart: {
          inferenceConfiguration: setup.inference,
          turnDetectionConfiguration: { endpointingSensitivity: setup.endpointing },
        },
      },
    }
  },

  promptStart(promptName: string, setup: Pick<StreamSetup, 'voiceId' | 'tools'>): InputEvent {
    return {
      event: {
        promptStart: {
          promptName,
          textOutputConfiguration: TEXT,
          audioOutputConfiguration: {
            mediaType: 'audio/lpcm',
            sampleRateHertz: OUTPUT_SAMPLE_RATE,
            sampleSizeBits: 16,
            channelCount: 1,
            voiceId: setup.voiceId,
            encoding: 'base64',
            audioType: 'SPEECH',
          },
          toolUseOutputConfiguration: { mediaType: 'application/json' },
          toolConfiguration: { tools: setup.tools.map((toolSpec) => ({ toolSpec })) },
        },
      },
    }
  },

  /** A whole TEXT block (contentStart, textInput, contentEnd). */
  text(
    promptName: string,
    contentName: string,
    role: ChatRole,
    text: string,
    interactive: boolean,
  ) {
    return [
      {
        event: {
          contentStart: {
            promptName,
            contentName,
            type: 'TEXT',
            interactive,
            role,
            textInputConfiguration: TEXT,
          },
        },
      },
      { event: { textInput: { promptName, contentName, content: text } } },
      events.contentEnd(promptName, contentName),
    ] satisfies InputEvent[]
  },

  audioStart(promptName: string, contentName: string): InputEvent {
    return {
      event: {
        contentStart: {
          promptName,
          contentName,
          type: 'AUDIO',
          interactive: true,
          role: 'USER',
          audioInputConfiguration: {
            mediaType: 'audio/lpcm',
            sampleRateHertz: INPUT_SAMPLE_RATE,
            sampleSizeBits: 16,
            channelCount: 1,
            audioType: 'SPEECH',
            encoding: 'base64',
          },
        },
      },
    }
  },

  audioInput(promptName: string, contentName: string, base64: string): InputEvent {
    return { event: { audioInput: { promptName, contentName, content: base64 } } }
  },

  /** A whole TOOL result block answering `toolUseId`. */
  toolResult(promptName: string, contentName: string, toolUseId: string, result: string) {
    return [
      {
        event: {
          contentStart: {
            promptName,
            contentName,
            interactive: false,
            type: 'TOOL',
            role: 'TOOL',
            toolResultInputConfiguration: { toolUseId, type: 'TEXT', textInputConfiguration: TEXT },
          },
        },
      },
      { event: { toolResult: { promptName, contentName, content: result } } },
      events.contentEnd(promptName, contentName),
    ] satisfies InputEvent[]
  },

  contentEnd(promptName: string, contentName: string): InputEvent {
    return { event: { contentEnd: { promptName, contentName } } }
  },

  promptEnd(promptName: string): InputEvent {
    return { event: { promptEnd: { promptName } } }
  },

  sessionEnd(): InputEvent {
    return { event: { sessionEnd: {} } }
  },

  /**
   * How every stream opens: session and prompt, the SYSTEM prompt, the conversation so far
   * (history is accepted once, before audio), then the one AUDIO block the user's speech
   * goes into.
   */
  opening(
    promptName: string,
    audioName: string,
    setup: StreamSetup,
    history: readonly { role: 'USER' | 'ASSISTANT'; text: string }[],
    newId: () => string,
  ): InputEvent[] {
    return [
      events.sessionStart(setup),
      events.promptStart(promptName, setup),
      ...events.text(promptName, newId(), 'SYSTEM', setup.systemPrompt, false),
      ...history.flatMap((m) => events.text(promptName, newId(), m.role, m.text, false)),
      events.audioStart(promptName, audioName),
    ]
  },

  /** How every stream closes: the audio block, the prompt, the session. */
  closing(promptName: string, audioName: string): InputEvent[] {
    return [
      events.contentEnd(promptName, audioName),
      events.promptEnd(promptName),
      events.sessionEnd(),
    ]
  },
}
