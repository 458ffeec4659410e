import { idTokenCommand } from './id-token'
import { originCommand } from './origin'
import { purchaseCommand } from './purchase'
import { refundCommand } from './refund'
import { speakCommand } from './speak'

/**
 * Sub-commands of `npm run local -- <name> …`. Each lives in its own file and is listed
 * here with one line; it gets its arguments and the running dev stack's addresses.
 */
export type DevStackInfo = {
  /** The worker, e.g. http://127.0.0.1:8787 */
  apiUrl: string
  /** The stack control API (stop/start origins and Redis). */
  controlUrl: string
  /** The data directory of the running `npm run dev`. */
  dataDir: string
}

export type LocalCommand = {
  name: string
  /** One line of usage, e.g. `purchase <apple|google> <module> <userId>`. */
  usage: string
  summary: string
  run(args: string[], stack: DevStackInfo): Promise<void>
}

export const COMMANDS: readonly LocalCommand[] = [
  originCommand,
  idTokenCommand,
  purchaseCommand,
  refundCommand,
  speakCommand,
]
