/** Helpers of the Bedrock emulator tests: requests built and signed as the worker builds them. */
import { request as httpRequest } from 'node:http'
import { AwsClient } from 'aws4fetch'
import { LOCAL_EDGE_CREDENTIALS } from '../../../local/credentials'
import { type BedrockEmulator, startBedrockEmulator } from '../../../local/emulators/bedrock'
import { converseUrl, NOVA_MICRO_PROFILES } from '../../../shared/models'
import type { Region } from '../../../shared/regions'
import { toToolInputSchema } from '../../../worker/bedrock/tool-schema'
import { scoringToolSchema, WRITING_CRITERIA } from '../../../worker/scoring/criteria'
import { writingSystemPrompt, writingUserMessage } from '../../../worker/writing/prompt'
import { findWritingTask } from '../../../worker/writing/question-bank'
import { GOOD_ESSAY } from '../../worker/writing/essays'

export const TASK = findWritingTask('aw-t2-01')!
export const TOOL = 'record_assessment'

export function converseBody(essay = GOOD_ESSAY, extra: Record<string, unknown> = {}) {
  return {
    system: [{ text: writingSystemPrompt(TASK) }],
    messages: [{ role: 'user', content: [{ text: writingUserMessage(TASK, essay, 280) }] }],
    inferenceConfig: { maxTokens: 3000, temperature: 0 },
    toolConfig: {
      tools: [
        {
          toolSpec: {
            name: TOOL,
            description: 'Records the assessment.',
            inputSchema: { json: toToolInputSchema(scoringToolSchema(WRITING_CRITERIA[2])) },
          },
        },
      ],
      toolChoice: { tool: { name: TOOL } },
    },
    ...extra,
  }
}

/** A private emulator for one test file. */
export function startEmulator(): Promise<BedrockEmulator> {
  // A `timeout` fault holds longer than any test: only the caller giving up ends it.
  return startBedrockEmulator({ credentials: LOCAL_EDGE_CREDENTIALS, timeoutHoldMs: 120_000 })
}

export type SendOptions = {
  signAs?: { service?: string; region?: string }
  headers?: Record<string, string>
  modelId?: string
  signal?: AbortSignal
}

/** Signs like the worker (service `bedrock`, the endpoint's region) unless told otherwise. */
export async function send(
  emulator: BedrockEmulator,
  region: Region,
  body: unknown,
  options: SendOptions = {},
) {
  const signer = new AwsClient({
    ...LOCAL_EDGE_CREDENTIALS,
    service: options.signAs?.service ?? 'bedrock',
    region: options.signAs?.region ?? region,
    retries: 0,
  })
  const url = converseUrl(
    emulator.endpoints[region],
    options.modelId ?? NOVA_MICRO_PROFILES[region],
  )
  const signed = await signer.sign(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(body),
  })
  return fetch(signed, { signal: options.signal })
}

/** Sends a request signed for the real host to the emulator, keeping that Host header. */
export function sendAsRealHost(
  emulator: BedrockEmulator,
  signed: Request,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const target = new URL(emulator.url)
  const path = new URL(signed.url).pathname
  return signed.text().then(
    (body) =>
      new Promise((resolve, reject) => {
        const headers = Object.fromEntries(signed.headers)
        const req = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            path,
            method: 'POST',
            headers: { ...headers, host: new URL(signed.url).host },
          },
          (res) => {
            let text = ''
            res.on('data', (chunk: Buffer) => {
              text += chunk.toString()
            })
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers as Record<string, string>,
                body: text,
              }),
            )
          },
        )
        req.on('error', reject)
        req.end(body)
      }),
  )
}
