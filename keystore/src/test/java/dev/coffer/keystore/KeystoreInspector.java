package dev.coffer.keystore;

import dev.coffer.format.v1.KeystoreState;
import dev.coffer.format.v1.MasterKeyRecord;
import dev.coffer.keystore.internal.crypto.KeyFileRootKeySource;
import dev.coffer.keystore.internal.store.StoredState;

/** Looks at the keystore file of a fixture (default key-file root key) directly. */
final class KeystoreInspector {
  private KeystoreInspector() {}

  static KeystoreState state(KeystoreFixture fx) throws Exception {
    return StoredState.read(
        fx.directory, new KeyFileRootKeySource(fx.directory.resolve("root.key")));
  }

  static MasterKeyRecord record(KeystoreFixture fx, String keyId) throws Exception {
    return state(fx).getKeysList().stream()
        .filter(k -> k.getKeyId().equals(keyId))
        .findFirst()
        .orElseThrow();
  }

  static byte[] keysetBytes(KeystoreFixture fx, String keyId) throws Exception {
    return record(fx, keyId).getKeyset().toByteArray();
  }
}
