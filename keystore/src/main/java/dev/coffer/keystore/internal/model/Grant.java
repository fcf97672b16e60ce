package dev.coffer.keystore.internal.model;

import dev.coffer.keystore.Principal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A grant on one key, as stored. Its token is kept only as a SHA-256 hash.
 *
 * @param operations KMS operation names ("Decrypt", "GenerateDataKey", ...)
 * @param constraintEquals the encryption context must be exactly these pairs (keys compared
 *     case-insensitively, as KMS)
 * @param constraintSubset the encryption context must contain these pairs
 */
public record Grant(
    String grantId,
    String name,
    Principal grantee,
    Optional<Principal> retiringPrincipal,
    Set<String> operations,
    Map<String, String> constraintEquals,
    Map<String, String> constraintSubset,
    Principal issuer,
    Instant created,
    byte[] tokenSha256) {
  public Grant {
    Objects.requireNonNull(grantId, "grantId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(grantee, "grantee");
    Objects.requireNonNull(retiringPrincipal, "retiringPrincipal");
    operations = Set.copyOf(operations);
    constraintEquals = Map.copyOf(constraintEquals);
    constraintSubset = Map.copyOf(constraintSubset);
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(created, "created");
    tokenSha256 = tokenSha256.clone();
  }

  @Override
  public byte[] tokenSha256() {
    return tokenSha256.clone();
  }
}
