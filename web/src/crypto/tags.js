/**
 * The domain tags the booth uses: the same strings as plebiscite.crypto.tags (docs/spec.md §4).
 */

export const PREFIX = 'plebiscite/v1/';

export const DISJUNCTIVE_CHALLENGE = PREFIX + 'challenge/zero-one';
export const RANGE_CHALLENGE = PREFIX + 'challenge/range';
export const GROUP_DESCRIPTION = PREFIX + 'hash/group';
export const CREDENTIAL_KEY = PREFIX + 'derive/credential-key';
export const CREDENTIAL_CHECKSUM = PREFIX + 'hash/credential-checksum';
export const KEY_FINGERPRINT = PREFIX + 'hash/key-fingerprint';
export const POLYNOMIAL_COMMITMENTS = PREFIX + 'hash/polynomial-commitments';
export const BALLOT_BINDING = PREFIX + 'hash/ballot-binding';
export const BALLOT_STATEMENT = PREFIX + 'hash/ballot-statement';
export const BALLOT_SIGNATURE = PREFIX + 'sign/ballot';
export const TRACKING_HASH = PREFIX + 'hash/tracking';
export const BALLOT_IDENTITY = PREFIX + 'hash/ballot-identity';
export const CREDENTIAL_BALLOT_STATEMENT = PREFIX + 'hash/credential-ballot-statement';
export const CREDENTIAL_CHALLENGE = PREFIX + 'challenge/credential';
export const ROLL_POINTER_CHALLENGE = PREFIX + 'challenge/roll-pointer';
export const DESIGNATED_CHALLENGE = PREFIX + 'challenge/designated-verifier';
