package dev.coffer.keystore;

import dev.coffer.format.v1.KeystoreState;
import dev.coffer.keystore.audit.AuditHead;
import dev.coffer.keystore.audit.AuditLogConfig;
import dev.coffer.keystore.internal.audit.LogHook;
import dev.coffer.keystore.internal.store.StoredState;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;

/** Reaches the keystore's audit seams for tests in other packages. */
public final class AuditTesting {
  private AuditTesting() {}

  /** A keystore builder for {@code data}/keystore with its log in {@code data}/audit. */
  public static Keystore.Builder builder(Path data, AuditLogConfig.Builder log) {
    return Keystore.builder(data.resolve("keystore")).auditLog(log.build());
  }

  public static AuditLogConfig.Builder logConfig(Path data) {
    return AuditLogConfig.builder(data.resolve("audit"));
  }

  public static Keystore.Builder withHook(Keystore.Builder builder, LogHook hook) {
    return builder.auditHook(hook);
  }

  /** The head the closed keystore in {@code keystoreDir} remembers, read from the file. */
  public static Optional<AuditHead> rememberedHead(Path keystoreDir) throws Exception {
    KeystoreState state =
        StoredState.read(
            keystoreDir, RootKeyProvider.keyFile(keystoreDir.resolve("root.key")).source());
    if (!state.hasAudit() || state.getAudit().getHeadSequence() == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new AuditHead(
            state.getAudit().getHeadSequence(),
            HexFormat.of().formatHex(state.getAudit().getHeadHash().toByteArray())));
  }

  /** The root key source of a keystore with the default key file. */
  public static dev.coffer.keystore.internal.crypto.RootKeySource rootKeySource(Path keystoreDir) {
    return RootKeyProvider.keyFile(keystoreDir.resolve("root.key")).source();
  }

  /** The keystore file's generation, read without opening it. */
  public static long generationOnDisk(Path keystoreDir) throws Exception {
    return StoredState.generationOnDisk(keystoreDir);
  }
}
