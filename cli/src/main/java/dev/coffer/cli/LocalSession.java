package dev.coffer.cli;

import dev.coffer.engine.Coffer;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.RotationService;
import dev.coffer.keystore.AuditUnavailableException;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.audit.AuditTrail;

/**
 * The data directory opened in this process: the keystore alone (key and audit commands, which then
 * need no RocksDB) or the whole object store.
 */
final class LocalSession implements Session {
  private final Keystore keystore;
  private final Coffer store;
  private final Principal principal;

  private LocalSession(Keystore keystore, Coffer store, Principal principal) {
    this.keystore = keystore;
    this.store = store;
    this.principal = principal;
  }

  static LocalSession ofKeystore(Keystore keystore, Principal principal) {
    return new LocalSession(keystore, null, principal);
  }

  static LocalSession ofStore(Coffer store, Principal principal) {
    return new LocalSession(store.keystore(), store, principal);
  }

  @Override
  public ObjectStore objects() {
    return store().as(principal);
  }

  @Override
  public KeyService keys() {
    return keystore.as(principal);
  }

  @Override
  public RotationService rotation() {
    return store().rotation(Caller.of(principal));
  }

  @Override
  public AuditTrail audit() {
    return keystore
        .auditLog()
        .orElseThrow(() -> new AuditUnavailableException("this keystore keeps no audit log"));
  }

  private Coffer store() {
    if (store == null) {
      throw new IllegalStateException("opened for the keystore only");
    }
    return store;
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    } else {
      keystore.close();
    }
  }
}
