package dev.coffer.engine.archive;

import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.ErrorCode;

/**
 * No recipient of an archive could open its data key. The message names each recipient tried and
 * why it failed (key disabled, access denied, not in this keystore, …); the error code is that of
 * the first recipient tried, or the shared one if all failed alike.
 */
public final class ArchiveKeyException extends CofferException {
  private static final long serialVersionUID = 1L;

  public ArchiveKeyException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
