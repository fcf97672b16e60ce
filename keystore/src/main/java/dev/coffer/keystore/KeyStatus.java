package dev.coffer.keystore;

import java.util.Objects;

/**
 * What a cache of key material must watch: the key's state, its primary version, and the keystore's
 * access revision, which changes whenever any key policy, grant or identity policy changes. Read
 * without authorization or audit: it holds no secret and decides nothing.
 */
public record KeyStatus(String keyArn, KeyState state, int primaryVersion, long accessRevision) {
  public KeyStatus {
    Objects.requireNonNull(keyArn, "keyArn");
    Objects.requireNonNull(state, "state");
  }
}
