"""plebiscite: referendums that nobody has to take on trust.

Two faces: run a verifiable referendum (board, trustees, credentials, booth, tally) and check one
(`plebiscite verify` over the public record, `plebiscite forensics` over published station results).
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
