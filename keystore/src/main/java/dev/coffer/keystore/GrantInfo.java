package dev.coffer.keystore;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** One grant, as ListGrants shows it. The grant token is never shown again. */
public record GrantInfo(
    String keyArn,
    String grantId,
    String name,
    Principal granteePrincipal,
    Optional<Principal> retiringPrincipal,
    Set<GrantOperation> operations,
    Map<String, String> constraintEquals,
    Map<String, String> constraintSubset,
    Principal issuingPrincipal,
    Instant creationDate) {
  public GrantInfo {
    Objects.requireNonNull(keyArn, "keyArn");
    Objects.requireNonNull(grantId, "grantId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(granteePrincipal, "granteePrincipal");
    Objects.requireNonNull(retiringPrincipal, "retiringPrincipal");
    operations = Set.copyOf(operations);
    constraintEquals = Map.copyOf(constraintEquals);
    constraintSubset = Map.copyOf(constraintSubset);
    Objects.requireNonNull(issuingPrincipal, "issuingPrincipal");
    Objects.requireNonNull(creationDate, "creationDate");
  }
}
