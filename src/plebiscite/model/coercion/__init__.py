"""The fake-credentials mode (docs/spec.md §16): its ballots (:mod:`.ballot`) and its linear
tally with the checks V12–V16 over the mixnet's V11 (:mod:`.tally`), as library code over the
crypto of §15–§16.7. The record entries of record.md §6 are specified, not yet produced."""
