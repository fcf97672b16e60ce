package dev.coffer.cli;

import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.RootKeyProvider;
import dev.coffer.keystore.audit.AuditLogConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A Coffer data directory: the keystore lives in {@code keystore/} inside it, its audit log in
 * {@code audit/}.
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
      return builder(rootKey).createIfMissing(false).open();
    } catch (NotFoundException e) {
      throw new NotFoundException("no Coffer data directory at " + root + "; run `coffer init`", e);
    }
  }

  /** Creates the keystore, or opens it if it exists. */
  Keystore create(Optional<RootKeyProvider> rootKey) {
    return builder(rootKey).createIfMissing(true).open();
  }

  private Keystore.Builder builder(Optional<RootKeyProvider> rootKey) {
    // Each coffer process does a few encryptions, and every open counts a whole reservation block
    // as used: with the default block, the usage counts would jump by 65,536 per command and
    // trigger usage rotation after some thousands of commands.
    Keystore.Builder builder =
        Keystore.builder(keystore())
            .usageReservationBlock(USAGE_RESERVATION_BLOCK)
            .auditLog(AuditLogConfig.builder(audit()).build());
    rootKey.ifPresent(builder::rootKey);
    return builder;
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
