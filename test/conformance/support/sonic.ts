import {
  BedrockRuntimeClient,
  InvokeModelWithBidirectionalStreamCommand,
  type InvokeModelWithBidirectionalStreamInput,
} from '@aws-sdk/client-bedrock-runtime'
import { WebSocketFetchHandler } from '@aws-sdk/middleware-websocket'
import { NodeHttp2Handler } from '@smithy/node-http-handler'
import WebSocket from 'ws'
import type { NovaSonicEmulator } from '../../../local/emulators/nova-sonic'

export const SONIC_MODEL = 'amazon.nova-2-sonic-v1:0'

export type Credentials = { accessKeyId: string; secretAccessKey: string }

/**
 * A Bedrock Runtime client of the AWS SDK pointed at the emulator, configured as a user
 * would point it at another endpoint: the endpoint and the trust root, nothing else.
 * `http2` is the SDK's Node default (`NodeHttp2Handler`); `websocket` is the handler its
 * browser build uses (`WebSocketFetchHandler`, presigned `wss://`), the variant the worker
 * speaks from a Durable Object. The session key rides in the user agent, as the worker's does.
 */
export function sonicClient(
  emulator: NovaSonicEmulator,
  options: { via: 'http2' | 'websocket'; session: string; credentials: Credentials },
): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: emulator.http2Url,
    credentials: options.credentials,
    customUserAgent: `session/${options.session}`,
    requestHandler:
      options.via === 'http2'
        ? new NodeHttp2Handler({ nodeHttp2ConnectOptions: { ca: emulator.caPem } })
        : new WebSocketFetchHandler(),
  })
}

/**
 * A browser's `WebSocket` whose trust store holds the emulator's CA: the SDK's WebSocket
 * handler calls the global `WebSocket`, so this is where a browser build's trust root is
 * configured. Records every URL it opens (the SDK's presigned URLs). Error events never
 * throw, as in a browser. Returns the restore function.
 */
export function trustEmulatorInWebSockets(caPem: string, opened: string[]): () => void {
  const original = globalThis.WebSocket
  class TrustingWebSocket extends WebSocket {
    constructor(url: string | URL) {
      super(url, { ca: caPem })
      opened.push(String(url))
      this.on('error', () => {})
    }
  }
  globalThis.WebSocket = TrustingWebSocket as unknown as typeof globalThis.WebSocket
  return () => {
    globalThis.WebSocket = original
  }
}

export type SdkStream = {
  /** Resolves once Bedrock accepted the stream; rejects with the SDK's error if it refused. */
  opened: Promise<void>
  /** Sends one Nova Sonic event (`{ event: … }`) as a `chunk` (queued until the stream opens). */
  send(event: unknown): void
  /** Ends the input (the SDK then signs and sends the end-of-stream frame). */
  end(): void
  /** Output events received so far (the JSON of each `chunk`). */
  received: unknown[]
  /** Resolves when the output ends: with the error the SDK raised, if any. */
  done: Promise<{ error?: unknown }>
  /** Waits until `test` holds over the received events. */
  until(test: (received: unknown[]) => boolean, ms?: number): Promise<void>
}

/**
 * Opens `InvokeModelWithBidirectionalStream` through the SDK with an input the caller
 * feeds as the conversation goes. The SDK's `send()` resolves only once the first output
 * event has arrived (it peeks for an initial-response event), and the emulator, like
 * Bedrock, says nothing before it hears something: so events are queued at once and
 * `opened` settles later.
 *
 * @example
 * const stream = openSdkStream(client)
 * stream.send({ event: { sessionStart: { … } } })
 * await stream.opened
 */
export function openSdkStream(client: BedrockRuntimeClient): SdkStream {
  const queue: (InvokeModelWithBidirectionalStreamInput | null)[] = []
  let wake: (() => void) | undefined
  const push = (item: InvokeModelWithBidirectionalStreamInput | null) => {
    queue.push(item)
    wake?.()
  }
  async function* input(): AsyncGenerator<InvokeModelWithBidirectionalStreamInput> {
    for (;;) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve))
      const item = queue.shift()
      if (item === null) return
      if (item) yield item
    }
  }
  const response = client.send(
    new InvokeModelWithBidirectionalStreamCommand({ modelId: SONIC_MODEL, body: input() }),
  )
  const received: unknown[] = []
  const done = (async () => {
    try {
      for await (const part of (await response).body ?? []) {
        if (part.chunk?.bytes) received.push(JSON.parse(new TextDecoder().decode(part.chunk.bytes)))
      }
      return {}
    } catch (error) {
      return { error }
    }
  })()
  const opened = response.then(() => undefined)
  // `done` reports a refusal too; a caller that never awaits `opened` must not leave it unhandled.
  opened.catch(() => {})
  return {
    opened,
    send: (event) =>
      push({ chunk: { bytes: new TextEncoder().encode(JSON.stringify(event)) } } as const),
    end: () => push(null),
    received,
    done,
    async until(test, ms = 10_000) {
      const deadline = Date.now() + ms
      while (!test(received)) {
        if (Date.now() > deadline) throw new Error('timed out waiting for output events')
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    },
  }
}

/** The name of each event, in order. */
export function eventNames(events: readonly unknown[]): string[] {
  return events.map((e) => Object.keys((e as { event: object }).event)[0] ?? '?')
}
