package dev.coffer.keystore.internal.model;

import dev.coffer.keystore.VersionOrigin;
import dev.coffer.keystore.VersionState;
import java.time.Instant;
import java.util.Objects;

/**
 * One version of a master key as stored: the Tink key id of its material inside the key's keyset,
 * and how many encryptions have been reserved for it (see {@code UsageCounters}).
 */
public record KeyVersion(
    int number,
    int tinkKeyId,
    Instant created,
    VersionOrigin origin,
    VersionState state,
    long encryptionsReserved,
    Instant destroyed) {

  public KeyVersion {
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(state, "state");
  }

  public KeyVersion withState(VersionState newState, Instant at) {
    return new KeyVersion(
        number,
        tinkKeyId,
        created,
        origin,
        newState,
        encryptionsReserved,
        newState == VersionState.DESTROYED ? at : destroyed);
  }

  public KeyVersion withReserved(long reserved) {
    return new KeyVersion(number, tinkKeyId, created, origin, state, reserved, destroyed);
  }
}
