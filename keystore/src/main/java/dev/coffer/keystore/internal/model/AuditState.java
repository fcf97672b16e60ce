package dev.coffer.keystore.internal.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What the keystore keeps for its audit log: the Ed25519 keyset that signs digests, the HMAC key
 * for hashed context values, and the head of the log as of its last anchored digest. Immutable;
 * {@code toString} shows no key material.
 */
public final class AuditState {
  private final byte[] signingKeyset;
  private final byte[] contextHmacKey;
  private final Head head;

  /**
   * The last digest record the keystore saw: the log must still reach it, with this hash.
   *
   * @param sequence the digest record's sequence number
   * @param hash its SHA-256 chain hash
   * @param recorded when the keystore recorded it
   */
  public record Head(long sequence, byte[] hash, Instant recorded) {
    public Head {
      hash = hash.clone();
      Objects.requireNonNull(recorded, "recorded");
    }

    @Override
    public byte[] hash() {
      return hash.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Head h
          && h.sequence == sequence
          && Arrays.equals(h.hash, hash)
          && h.recorded.equals(recorded);
    }

    @Override
    public int hashCode() {
      return Objects.hash(sequence, Arrays.hashCode(hash), recorded);
    }

    @Override
    public String toString() {
      return "Head[" + sequence + "]";
    }
  }

  public AuditState(byte[] signingKeyset, byte[] contextHmacKey, Optional<Head> head) {
    this.signingKeyset = signingKeyset.clone();
    this.contextHmacKey = contextHmacKey.clone();
    this.head = head.orElse(null);
  }

  public byte[] signingKeyset() {
    return signingKeyset.clone();
  }

  public byte[] contextHmacKey() {
    return contextHmacKey.clone();
  }

  public Optional<Head> head() {
    return Optional.ofNullable(head);
  }

  public AuditState withHead(Head newHead) {
    return new AuditState(signingKeyset, contextHmacKey, Optional.of(newHead));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditState s
        && Arrays.equals(s.signingKeyset, signingKeyset)
        && Arrays.equals(s.contextHmacKey, contextHmacKey)
        && Objects.equals(s.head, head);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(signingKeyset), head);
  }

  @Override
  public String toString() {
    return "AuditState[head=" + head + "]";
  }
}
