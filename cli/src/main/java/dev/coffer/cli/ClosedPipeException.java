package dev.coffer.cli;

import java.io.IOException;

/**
 * Standard output's reader went away before the command finished writing, as {@code head} does once
 * it has its lines: the command stops, quietly, with {@link ExitCodes#CLOSED_PIPE}.
 */
final class ClosedPipeException extends IOException {
  private static final long serialVersionUID = 1L;

  ClosedPipeException(IOException cause) {
    super("standard output was closed", cause);
  }
}
