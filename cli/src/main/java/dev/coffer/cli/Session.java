package dev.coffer.cli;

import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.RotationService;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.audit.AuditTrail;

/**
 * What a command works on, as the caller the command runs as: the data directory opened by this
 * process ({@link LocalSession}), or a sidecar reached with {@code --server} ({@link
 * SidecarSession}). Commands are written against these interfaces only, which is what gives remote
 * mode the same output and exit codes as embedded mode. Close it when the command is done: that
 * releases the data directory's lock or the connection.
 */
interface Session extends AutoCloseable {

  /** The object and bucket operations. */
  ObjectStore objects();

  /** The keystore's KMS operations. */
  KeyService keys();

  /** Rotation and its jobs. */
  RotationService rotation();

  /** The audit log, to read and verify. */
  AuditTrail audit();

  @Override
  void close();
}
