/**
 * The booth's exceptions, mirroring plebiscite.errors:
 *
 *   PlebisciteError
 *   ├── EncodingError       a value has no canonical encoding, or text/hex is malformed
 *   ├── GroupElementError   bytes are not a valid group element for their role
 *   ├── ProofError          a proof or a signature does not verify
 *   ├── ParameterError      an election parameter or an argument is unusable
 *   └── InputError          what a voter typed (credential, tracking hash, choices) is wrong
 *
 * Messages name the value's role and field; they never contain a credential or a secret.
 */

export class PlebisciteError extends Error {
  constructor(message) {
    super(message);
    this.name = new.target.name;
  }
}

export class EncodingError extends PlebisciteError {}
export class GroupElementError extends PlebisciteError {}
export class ProofError extends PlebisciteError {}
export class ParameterError extends PlebisciteError {}
/** `facts` (e.g. {reason, position}) travel as attributes, for a page to say in its language. */
export class InputError extends PlebisciteError {
  constructor(message, facts = {}) {
    super(message);
    Object.assign(this, facts);
  }
}
