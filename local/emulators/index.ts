import { startAppleEmulator } from './apple'
import { bedrockEmulator } from './bedrock'
import { startGoogleEmulator } from './google'
import { identityProviders } from './identity-providers'
import { novaSonicEmulator } from './nova-sonic'

/**
 * The local stand-ins for cloud services the worker calls (Bedrock, Apple, Google). Each
 * speaks the real wire protocol and checks what the real service checks; the worker
 * reaches it only through the configuration it returns in `vars`.
 */
export type Emulator = {
  name: string
  /** Worker variables (endpoints, trust roots, client ids) that point the worker here. */
  vars: Record<string, string>
  /** Addresses to print in the dev stack's ready line. */
  urls: Record<string, string>
  stop(): Promise<void>
}

export type EmulatorContext = {
  /** The edge identity the worker signs AWS calls with (Bedrock checks it). */
  edgeCredentials: { accessKeyId: string; secretAccessKey: string }
  /** The dev stack's data directory (persisted local secrets); undefined in tests. */
  dataDir?: string
}

export type EmulatorFactory = (context: EmulatorContext) => Promise<Emulator>

/** Every emulator the local stack starts. Add a factory here to add one. */
export const EMULATORS: readonly EmulatorFactory[] = [
  identityProviders,
  bedrockEmulator,
  novaSonicEmulator,
  startAppleEmulator,
  startGoogleEmulator,
]

/** Starts every emulator; stops the ones already started if one fails. */
export async function startEmulators(context: EmulatorContext): Promise<Emulator[]> {
  const started: Emulator[] = []
  try {
    for (const factory of EMULATORS) started.push(await factory(context))
  } catch (error) {
    await Promise.all(started.map((emulator) => emulator.stop()))
    throw error
  }
  return started
}
