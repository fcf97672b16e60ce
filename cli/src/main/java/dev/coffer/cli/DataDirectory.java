package dev.coffer.cli;

import dev.coffer.engine.Coffer;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.RootKeyProvider;
import dev.coffer.keystore.audit.AuditLogConfig;
import dev.coffer.keystore.audit.AuditRecovery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A Coffer data directory: the keystore lives in {@code keystore/} inside it, its audit log in
 * {@code audit/}, the object store in {@code db/}. Key commands open the keystore alone; object
 * commands open both, with the same keystore options.
 */
final class DataDirectory {
  static final long USAGE_RESERVATION_BLOCK = 16;

  private final Path root;

  DataDirectory(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  Path keystore() {
    return root.resolve("keystore");
  }

  /** The audit log every command's keystore calls are recorded in. */
  Path audit() {
    return root.resolve("audit");
  }

  /** Where the keystore's default root key provider keeps its key file. */
  Path rootKeyFile() {
    return keystore().resolve("root.key");
  }

  /**
   * Opens the existing keystore.
   *
   * @param rootKey the passphrase provider, or empty for the default root key file
   * @throws NotFoundException if the directory was never initialized
   */
  Keystore open(Optional<RootKeyProvider> rootKey) {
    try {
      return keystoreOptions(rootKey).apply(Keystore.builder(keystore())).open();
    } catch (NotFoundException e) {
      throw notInitialized(e);
    }
  }

  /**
   * Opens an existing keystore directory given on its own ({@code --keystore}), as the offline
   * archive commands may. Its calls go to the audit log beside it ({@code ../audit}) if there is
   * one, as in a data directory; a keystore copied away from its data directory has none, and its
   * calls are then not logged.
   *
   * @throws NotFoundException if there is no keystore there
   */
  static Keystore openKeystoreAt(Path keystore, Optional<RootKeyProvider> rootKey) {
    Path dir = keystore.toAbsolutePath().normalize();
    Path parent = dir.getParent();
    UnaryOperator<Keystore.Builder> options =
        parent != null && Files.isDirectory(parent.resolve("audit"))
            ? new DataDirectory(parent).keystoreOptions(rootKey)
            : builder -> baseOptions(builder, rootKey);
    try {
      return options.apply(Keystore.builder(dir)).open();
    } catch (NotFoundException e) {
      throw new NotFoundException("no Coffer keystore at " + dir, e);
    }
  }

  /**
   * Opens the object store and the existing keystore it encrypts with.
   *
   * @param warmUpCrypto whether the engine may warm up the ciphers in the background (it does so
   *     with the first object of 1 MiB or more), for commands that move object data
   * @throws NotFoundException if the directory was never initialized
   */
  Coffer openObjectStore(Optional<RootKeyProvider> rootKey, boolean warmUpCrypto) {
    try {
      return Coffer.builder(root)
          .keystore(keystoreOptions(rootKey))
          .warmUpCrypto(warmUpCrypto)
          .open();
    } catch (NotFoundException e) {
      throw notInitialized(e);
    }
  }

  /**
   * Sets the damaged audit log aside and begins a new one ({@link
   * Keystore.Builder#recoverAuditLog}).
   *
   * @throws NotFoundException if the directory was never initialized
   */
  AuditRecovery recoverAuditLog(
      Optional<RootKeyProvider> rootKey, Principal operator, String reason) {
    try {
      return keystoreOptions(rootKey)
          .apply(Keystore.builder(keystore()))
          .recoverAuditLog(operator, reason);
    } catch (NotFoundException e) {
      throw notInitialized(e);
    }
  }

  /** Creates the keystore, or opens it if it exists. */
  Keystore create(Optional<RootKeyProvider> rootKey) {
    return keystoreOptions(rootKey)
        .andThen(b -> b.createIfMissing(true))
        .apply(Keystore.builder(keystore()))
        .open();
  }

  /**
   * The keystore options every command uses: only {@code init} (and the demo) create a keystore;
   * the others refuse to open one that does not exist.
   */
  UnaryOperator<Keystore.Builder> keystoreOptions(Optional<RootKeyProvider> rootKey) {
    return builder ->
        baseOptions(builder, rootKey).auditLog(AuditLogConfig.builder(audit()).build());
  }

  private static Keystore.Builder baseOptions(
      Keystore.Builder builder, Optional<RootKeyProvider> rootKey) {
    // Each coffer process does a few encryptions, and every open counts a whole reservation
    // block as used: with the default block, the usage counts would jump by 65,536 per command
    // and trigger usage rotation after some thousands of commands.
    builder.usageReservationBlock(USAGE_RESERVATION_BLOCK).createIfMissing(false);
    rootKey.ifPresent(builder::rootKey);
    return builder;
  }

  private NotFoundException notInitialized(NotFoundException e) {
    return new NotFoundException("no Coffer data directory at " + root + "; run `coffer init`", e);
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
