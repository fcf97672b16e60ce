package dev.coffer.cli;

import dev.coffer.keystore.CofferException;

/** A keystore failure restated with what the command had already done, keeping its error code. */
final class CommandException extends CofferException {
  private static final long serialVersionUID = 1L;

  CommandException(CofferException cause, String message) {
    super(cause.errorCode(), message, cause);
  }
}
