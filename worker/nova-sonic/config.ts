import { z } from 'zod'
import { NOVA_SONIC_DEFAULTS } from '../../shared/models'

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback)

/**
 * Where and how the worker talks to Nova Sonic. Every variable has a production default;
 * the local stack points `NOVA_SONIC_ENDPOINT` at its emulator and shortens nothing else
 * (tests shorten the stream timings through their own options).
 *
 * @example
 * const sonic = services.config.novaSonic
 * sonic.NOVA_SONIC_MODEL_ID // 'amazon.nova-2-sonic-v1:0'
 */
export const novaSonicConfigSchema = z.object({
  /** Nova Sonic runs in us-east-1 whatever the caller's region. */
  NOVA_SONIC_ENDPOINT: z
    .url()
    .default(`https://bedrock-runtime.${NOVA_SONIC_DEFAULTS.region}.amazonaws.com`),
  NOVA_SONIC_REGION: z.string().min(1).default(NOVA_SONIC_DEFAULTS.region),
  NOVA_SONIC_MODEL_ID: z.string().min(1).default(NOVA_SONIC_DEFAULTS.modelId),
  /** A British English voice suits an IELTS examiner. */
  NOVA_SONIC_VOICE_ID: z.string().min(1).default('amy'),
  NOVA_SONIC_CONNECT_TIMEOUT_MS: ms(15_000),
  /** Bedrock closes a bidirectional stream at 8 minutes. */
  NOVA_SONIC_STREAM_LIMIT_MS: ms(480_000),
  NOVA_SONIC_ROTATE_AFTER_MS: ms(360_000),
  NOVA_SONIC_FORCE_MARGIN_MS: ms(30_000),
})

export type NovaSonicConfig = z.infer<typeof novaSonicConfigSchema>

/** Bedrock's SigV4 signing name (aws4fetch would guess `bedrock-runtime` from the host). */
export const BEDROCK_SIGNING_SERVICE = 'bedrock'

/** Waits before the 2nd, 3rd and 4th connection attempts. */
export const CONNECT_RETRY_DELAYS_MS = [1_000, 2_000, 4_000] as const
