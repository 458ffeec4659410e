/** Most keys an isolate keeps: one per credential, day, region and service it signs for. */
const MAX_KEYS = 64

/**
 * The isolate's SigV4 signing keys, shared by every aws4fetch signer it builds. aws4fetch
 * derives a key with four HMACs per signature unless its `cache` already holds the key for
 * that secret, day, region and service (its cache key); a signer built per call starts with
 * an empty cache, so without this every Bedrock call and presigned stream URL paid the
 * derivation. Bounded: the oldest entry goes once `MAX_KEYS` is reached.
 *
 * @example
 * new AwsClient({ accessKeyId, secretAccessKey, service: 'bedrock', region, cache: signingKeys })
 */
class SigningKeyCache<V> extends Map<string, V> {
  override set(key: string, value: V): this {
    if (!this.has(key) && this.size >= MAX_KEYS) {
      const oldest = this.keys().next().value
      if (oldest !== undefined) this.delete(oldest)
    }
    return super.set(key, value)
  }
}

export const signingKeys = new SigningKeyCache<ArrayBuffer>()
