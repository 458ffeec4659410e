/**
 * The edge identity of the local stack: the worker signs origin and Bedrock calls with
 * it, and the local origins and emulators verify against it. Safe, well-known values —
 * the same as in `.dev.vars.example` — never real AWS keys.
 */
export const LOCAL_EDGE_CREDENTIALS = {
  accessKeyId: 'AKIDLOCALEDGE0000000',
  secretAccessKey: 'local-edge-secret-not-a-real-key-000000',
} as const

export const LOCAL_TABLE_NAME = 'ielts-genai-prep-local'
