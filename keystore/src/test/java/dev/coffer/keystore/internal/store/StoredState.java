package dev.coffer.keystore.internal.store;

import dev.coffer.format.v1.KeystoreState;
import dev.coffer.keystore.internal.crypto.RootKey;
import dev.coffer.keystore.internal.crypto.RootKeySource;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a keystore file's raw records, to check what is really on disk. */
public final class StoredState {
  private StoredState() {}

  public static KeystoreState read(Path directory, RootKeySource source) throws Exception {
    KeystoreFile.Unsealed file =
        KeystoreFile.parse(Files.readAllBytes(directory.resolve(StateStore.FILE_NAME)));
    try (RootKey key = source.open(file.header().getRootKey())) {
      return KeystoreState.parseFrom(key.open(file.sealedState(), file.associatedData()));
    }
  }

  public static long generationOnDisk(Path directory) throws Exception {
    return KeystoreFile.parse(Files.readAllBytes(directory.resolve(StateStore.FILE_NAME)))
        .header()
        .getGeneration();
  }
}
