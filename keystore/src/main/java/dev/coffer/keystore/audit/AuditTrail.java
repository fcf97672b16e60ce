package dev.coffer.keystore.audit;

/**
 * The reading half of an audit log: query, export, verify, and the key that verifies its digests.
 * The embedded {@link AuditLog} is one; the sidecar's Java client offers the same calls over gRPC,
 * and {@link AuditLog#openCopy} reads a copy of a log without the keystore, so that a reader (the
 * CLI's {@code audit} commands, an auditor's tool) works on any of them.
 */
public interface AuditTrail {

  /**
   * Events matching the query, a page at a time.
   *
   * @throws AuditIntegrityException if the query reaches a damaged record (it does not verify the
   *     chain, but does not skip what it cannot read)
   */
  AuditPage query(AuditQuery query);

  /**
   * Writes every event matching the query's filters, in its order, as JSON lines in CloudTrail's
   * shape ({@link AuditRecord#toJson}); the query's page size and token are ignored.
   *
   * @return the number of events written
   * @throws java.io.UncheckedIOException if {@code out} fails
   * @throws AuditIntegrityException if it reaches a damaged record, after writing those before it
   */
  long export(AuditQuery query, Appendable out);

  /**
   * Recomputes the whole chain and checks every digest's signature, and that the log still reaches
   * the head the keystore remembers.
   */
  VerificationReport verify();

  /**
   * Verifies records {@code first} to {@code last}: from the signed digest that starts the segment
   * holding {@code first} to the first digest at or after {@code last}, which vouches for them.
   */
  VerificationReport verify(long first, long last);

  /** The digest-signing public key, as an X.509 PEM block, for any Ed25519 verifier. */
  String publicKeyPem();

  /** The digest-signing public key as a Tink public keyset in JSON. */
  String publicKeysetJson();
}
