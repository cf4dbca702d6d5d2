/**
 * The public half of a key as a JWK (RFC 7517 / RFC 7518 section 6), read once per key and without
 * the Node.js JWK-export deadlock.
 *
 * Node's `KeyObject.export({ format: 'jwk' })` holds the key's mutex while it allocates the JWK's
 * strings; the native key-generation job that made the key locks that same mutex in its destructor
 * (`~KeyPairGenConfig`), which V8 runs from a garbage collection. When the allocation triggers a GC
 * that collects the job, the thread waits on itself forever (seen on Node 20.20: `npm run bench`
 * stalled in the scale section, whose 100,000-credential heap collects often). Keys vfido generates
 * therefore get their public JWK from the generation job itself (`publicKeyEncoding: { format:
 * 'jwk' }`, encoded while the job is alive) and register it here; other keys (imported ones, which
 * no job holds) are exported once and cached.
 * @module
 */
import { createPrivateKey, createPublicKey, generateKeyPair, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';

const known = new WeakMap<KeyObject, JsonWebKey>();

/** The public members of a JWK (kty, crv, x, y, n, e): a private JWK minus its secrets. */
function publicPart(jwk: JsonWebKey): JsonWebKey {
  const pub: JsonWebKey = {};
  if (jwk.kty !== undefined) pub.kty = jwk.kty;
  if (jwk.crv !== undefined) pub.crv = jwk.crv;
  if (jwk.x !== undefined) pub.x = jwk.x;
  if (jwk.y !== undefined) pub.y = jwk.y;
  if (jwk.n !== undefined) pub.n = jwk.n;
  if (jwk.e !== undefined) pub.e = jwk.e;
  return pub;
}

/**
 * Record the public JWK of a key pair made by vfido (every key object given shares it), so that
 * {@link publicJwkOf} never exports it.
 * @param jwk - the public (or private) JWK; only its public members are kept
 * @param keys - the private and/or public key objects of the pair
 */
export function rememberPublicJwk(jwk: JsonWebKey, ...keys: KeyObject[]): JsonWebKey {
  const pub = publicPart(jwk);
  for (const key of keys) known.set(key, pub);
  return pub;
}

/**
 * The public JWK of `key` (a private key answers for its public half): the one recorded at
 * generation, else exported once and remembered.
 * @param key - an asymmetric node:crypto key
 * @throws TypeError (from node:crypto) when `key` is a secret key or its type has no JWK form
 */
export function publicJwkOf(key: KeyObject): JsonWebKey {
  const cached = known.get(key);
  if (cached) return cached;
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const jwk = publicPart(pub.export({ format: 'jwk' }));
  known.set(key, jwk);
  return jwk;
}

/**
 * The private JWK of `key` without the JWK-export deadlock: exported from a copy re-imported from the key's PKCS#8
 * DER (which shares no lock with a generation job; DER export does not allocate under the lock). For the rare
 * callers that need the private scalar (the test CA's deterministic signer, MDS JWS signing).
 * @param key - an asymmetric private key
 * @throws TypeError (from node:crypto) when `key` is not a private key
 */
export function privateJwkOf(key: KeyObject): JsonWebKey {
  return createPrivateKey({ key: key.export({ format: 'der', type: 'pkcs8' }), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
}

/** What key generation takes here: the algorithm and its options (curve or modulus). */
type GenerateArgs = ['ec', { namedCurve: string }] | ['ed25519', object] | ['rsa', { modulusLength: number; publicExponent: number }];

/**
 * Node's generateKeyPair(Sync) with a JWK output encoding (Node >= 15.9; not in @types/node 20's
 * overloads): one private key object and the JWK the generation job encoded.
 */
type JwkKeyGenSync = (type: string, options: object) => { publicKey: KeyObject | JsonWebKey; privateKey: KeyObject | JsonWebKey };
type JwkKeyGen = (type: string, options: object, callback: (err: Error | null, publicKey: JsonWebKey, privateKey: KeyObject) => void) => void;

/** A private key object with its public key object, whose public JWK is registered for {@link publicJwkOf}. */
export interface GeneratedKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

function registered(privateKey: KeyObject, jwk: JsonWebKey): GeneratedKeyPair {
  return withLazyPublicKey(privateKey, rememberPublicJwk(jwk, privateKey));
}

/**
 * `{ privateKey, publicKey }` whose public key object is made (node:crypto `createPublicKey`) when
 * first read and registered with `publicJwk`: a new credential's COSE key needs only the JWK
 * ({@link publicJwkOf} answers for the private key), so most key pairs never pay for it.
 * @param privateKey - the private key
 * @param publicJwk - its public JWK (as {@link rememberPublicJwk} returns it)
 */
export function withLazyPublicKey(privateKey: KeyObject, publicJwk: JsonWebKey): GeneratedKeyPair {
  let publicKey: KeyObject | undefined;
  return {
    privateKey,
    get publicKey(): KeyObject {
      if (!publicKey) {
        publicKey = createPublicKey(privateKey);
        known.set(publicKey, publicJwk);
      }
      return publicKey;
    },
  };
}

/**
 * A random key pair (node:crypto `generateKeyPairSync`), its public JWK encoded by the generation
 * job and registered for {@link publicJwkOf}.
 * @param args - algorithm and its options, as `generateKeyPairSync` takes them
 */
export function generateKeyPairSyncWithJwk(...[type, options]: GenerateArgs): GeneratedKeyPair {
  const { privateKey, publicKey } = (generateKeyPairSync as unknown as JwkKeyGenSync)(type, { ...options, publicKeyEncoding: { format: 'jwk' } });
  return registered(privateKey as KeyObject, publicKey as JsonWebKey);
}

/**
 * {@link generateKeyPairSyncWithJwk} on libuv's threadpool (node:crypto `generateKeyPair`).
 * @param args - algorithm and its options, as `generateKeyPair` takes them
 */
export function generateKeyPairWithJwk(...[type, options]: GenerateArgs): Promise<GeneratedKeyPair> {
  return new Promise((resolve, reject) =>
    (generateKeyPair as unknown as JwkKeyGen)(type, { ...options, publicKeyEncoding: { format: 'jwk' } }, (err, jwk, privateKey) =>
      err ? reject(err) : resolve(registered(privateKey, jwk)),
    ),
  );
}

/**
 * A random private key as a JWK, encoded by the generation job (never by exporting the job's key).
 * @param args - algorithm and its options, as `generateKeyPairSync` takes them
 */
export function generatePrivateJwk(...[type, options]: GenerateArgs): JsonWebKey {
  return (generateKeyPairSync as unknown as JwkKeyGenSync)(type, { ...options, privateKeyEncoding: { format: 'jwk' } }).privateKey as JsonWebKey;
}
