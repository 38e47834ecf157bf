/**
 * plebiscite's web booth cryptography: the public interface of booth-crypto.js.
 *
 * Everything a ballot, a challenge, a tracking hash or a credential signature needs, byte for
 * byte what the Python voter client (plebiscite.booth.encrypt, plebiscite.model.ballot)
 * produces, on secp256k1 only. Randomness comes from crypto.getRandomValues unless a test
 * passes a source `{randomBytes(n)}`.
 */

export {
  EncodingError,
  GroupElementError,
  InputError,
  ParameterError,
  PlebisciteError,
  ProofError,
} from './errors.js';
export * as tags from './tags.js';
export { bytesEqual, canonicalBytes, strictHex, toHex, utf8 } from './encoding.js';
export { H, expandMessageXmd, hashToField, hashToScalar, sha256 } from './hashing.js';
export { randBelow, systemRandom } from './rand.js';
export {
  G,
  IDENTITY,
  N,
  P,
  decodePoint,
  decodeScalar,
  description as groupDescription,
  encodePoint,
  encodeScalar,
  pointsEqual,
  groupHash,
  pointFromHex,
  pointToHex,
  scalarFromHex,
  scalarToHex,
} from './group.js';
export { aggregate, decodeCiphertext, encodeCiphertext, encrypt } from './elgamal.js';
export { commitmentHash, jointKeyOf, verificationKeyOf } from './ceremony.js';
export {
  MAX_RANGE_BRANCHES,
  decodeRange,
  decodeZeroOne,
  encodeRange,
  encodeZeroOne,
  proveRange,
  proveZeroOne,
  verifyRange,
  verifyZeroOne,
} from './proofs.js';
export {
  SIGNATURE_BYTES,
  checkXOnly,
  fingerprint,
  signRaw,
  signTagged,
  signingKey,
  verifyRaw,
  verifyTagged,
  xonlyFromHex,
} from './signatures.js';
export {
  CREDENTIAL_ALPHABET,
  HKDF_SHA256,
  checkKdf,
  credentialSalt,
  crockfordValue,
  normaliseChecked,
  withCheck,
  deriveSigningKey,
  deriveSigningKeySync,
  groupedCredential,
  parseCredential,
} from './credential.js';
export {
  TRACKING_ALPHABET,
  ballotBinding,
  ballotIdentity,
  ballotParams,
  ballotStatement,
  buildBallot,
  buildChallenge,
  castBallot,
  checkBallot,
  checkChallenge,
  electionParamsFromManifest,
  encryptBallot,
  namedHead,
  formatTracking,
  parseTracking,
  proofsValue,
  rangeContext,
  trackingHash,
  zeroOneContext,
} from './ballot.js';
export {
  CREDENTIAL_BALLOT_FIELDS,
  CREDENTIAL_CHALLENGE_FIELDS,
  DEFAULT_ANONYMITY,
  MAX_ANONYMITY,
  anonymitySet,
  buildCredentialChallenge,
  castCredentialBallot,
  checkCredentialBallot,
  checkCredentialChallenge,
  credentialBallotBody,
  credentialBallotStatement,
  decodeCredentialBallot,
  decodeCredentialChallenge,
  decodeRoll,
  encryptCredential,
  encryptCredentialBallot,
  proveCredential,
  proveRollPointer,
  reencrypt,
  verifyCredential,
  verifyRollPointer,
} from './coercion.js';
export {
  DESIGNATED_FORMAT,
  SHARE_CHARS,
  SHEET_FORMAT,
  checkSheet,
  decodeDesignatedKey,
  decodeSheetFile,
  sheetFileJson,
  credentialOf,
  encodeShare,
  fakeSheet,
  groupedShare,
  parseShare,
  registrationContext,
  simulateDesignated,
  verifyDesignated,
} from './sheets.js';
