import { z } from 'zod'

/**
 * The events we send to Nova Sonic, as zod schemas (the contract) and builders.
 * Shapes from the Nova 2 Sonic user guide ("Handling input events with the bidirectional
 * API", "Turn-taking controllability", "Cross-modal input") and AWS's amazon-nova-samples
 * (speech-to-speech/amazon-nova-2-sonic: console-python, nova-sonic-speaks-first).
 */

export const INPUT_SAMPLE_RATE = 16_000
export const OUTPUT_SAMPLE_RATE = 24_000

const name = z.string().min(1).max(256)
const textConfig = z.object({ mediaType: z.literal('text/plain') })

export const inferenceConfiguration = z.object({
  maxTokens: z.number().int().positive(),
  topP: z.number().min(0).max(1),
  temperature: z.number().min(0).max(1),
})
export type InferenceConfiguration = z.infer<typeof inferenceConfiguration>

/** HIGH, MEDIUM, LOW: the pause that ends a user turn is 1.5 s, 1.75 s or 2 s. */
export const endpointingSensitivity = z.enum(['HIGH', 'MEDIUM', 'LOW'])
export type EndpointingSensitivity = z.infer<typeof endpointingSensitivity>

export const toolSpec = z.object({
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/),
  description: z.string().min(1),
  /** The JSON Schema of the tool input, as a JSON string. */
  inputSchema: z.object({ json: z.string() }),
})
export type ToolSpec = z.infer<typeof toolSpec>

const sessionStart = z.object({
  inferenceConfiguration,
  turnDetectionConfiguration: z.object({ endpointingSensitivity }).optional(),
})

const promptStart = z.object({
  promptName: name,
  textOutputConfiguration: textConfig,
  audioOutputConfiguration: z.object({
    mediaType: z.literal('audio/lpcm'),
    sampleRateHertz: z.literal(OUTPUT_SAMPLE_RATE),
    sampleSizeBits: z.literal(16),
    channelCount: z.literal(1),
    voiceId: z.string().min(1),
    encoding: z.literal('base64'),
    audioType: z.literal('SPEECH'),
  }),
  toolUseOutputConfiguration: z.object({ mediaType: z.literal('application/json') }),
  toolConfiguration: z.object({ tools: z.array(z.object({ toolSpec })) }),
})

const textContentStart = z.object({
  promptName: name,
  contentName: name,
  type: z.literal('TEXT'),
  interactive: z.boolean(),
  role: z.enum(['SYSTEM', 'USER', 'ASSISTANT']),
  textInputConfiguration: textConfig,
})

const audioContentStart = z.object({
  promptName: name,
  contentName: name,
  type: z.literal('AUDIO'),
  interactive: z.literal(true),
  role: z.literal('USER'),
  audioInputConfiguration: z.object({
    mediaType: z.literal('audio/lpcm'),
    sampleRateHertz: z.literal(INPUT_SAMPLE_RATE),
    sampleSizeBits: z.literal(16),
    channelCount: z.literal(1),
    audioType: z.literal('SPEECH'),
    encoding: z.literal('base64'),
  }),
})

const toolContentStart = z.object({
  promptName: name,
  contentName: name,
  type: z.literal('TOOL'),
  interactive: z.literal(false),
  role: z.literal('TOOL'),
  toolResultInputConfiguration: z.object({
    toolUseId: z.string().min(1),
    type: z.literal('TEXT'),
    textInputConfiguration: textConfig,
  }),
})

const content = z.object({ promptName: name, contentName: name, content: z.string() })

/** One event we may send, wrapped as `{ event: { <name>: … } }`. */
export const inputEvent = z.object({
  event: z.union([
    z.strictObject({ sessionStart }),
    z.strictObject({ promptStart }),
    z.strictObject({
      contentStart: z.union([textContentStart, audioContentStart, toolContentStart]),
    }),
    z.strictObject({ textInput: content }),
    z.strictObject({ audioInput: content }),
    z.strictObject({ toolResult: content }),
    z.strictObject({ contentEnd: z.object({ promptName: name, contentName: name }) }),
    z.strictObject({ promptEnd: z.object({ promptName: name }) }),
    z.strictObject({ sessionEnd: z.strictObject({}) }),
  ]),
})
export type InputEvent = z.infer<typeof inputEvent>
export type ChatRole = 'SYSTEM' | 'USER' | 'ASSISTANT'
