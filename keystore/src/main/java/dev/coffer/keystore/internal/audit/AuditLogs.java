package dev.coffer.keystore.internal.audit;

import com.google.crypto.tink.subtle.Random;
import dev.coffer.keystore.audit.AuditLogConfig;
import dev.coffer.keystore.internal.model.AuditState;
import dev.coffer.keystore.internal.store.StateStore;
import java.time.Clock;
import java.util.Optional;

/** Opens a keystore's audit log: the entry point the keystore uses. */
public final class AuditLogs {
  private AuditLogs() {}

  /**
   * Opens the log of {@code config} with the keys the keystore in {@code store} holds, creating
   * them on first use (one keystore write), and checks the log against the head and generation the
   * keystore remembers.
   */
  public static FileAuditLog open(
      AuditLogConfig config, StateStore store, Clock clock, LogHook hook) {
    if (store.current().auditState().isEmpty()) {
      byte[] keyset = SigningKeys.generate();
      byte[] hmacKey = Random.randBytes(32);
      store.updateBookkeeping(
          s ->
              s.auditState().isPresent()
                  ? s
                  : s.withAuditState(new AuditState(keyset, hmacKey, Optional.empty())));
    }
    return LogOpener.open(config, new StoreAnchor(store), clock, hook);
  }
}
