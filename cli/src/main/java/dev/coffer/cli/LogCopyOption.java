package dev.coffer.cli;

import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.audit.AuditLog;
import dev.coffer.keystore.audit.AuditTrail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --log DIR} of {@code audit query} and {@code audit export}: read a copy of a log (a
 * backup, an auditor's copy) instead of the data directory's, with neither keystore nor passphrase.
 * Reading does not verify; {@code audit verify --log} does, with the public key.
 */
final class LogCopyOption {
  @Option(
      names = "--log",
      paramLabel = "DIR",
      description = {
        "Read this copy of a log (its segment files) instead, without the keystore or"
            + " --passphrase-file. Nothing there is written.",
        "Reading does not verify the copy: check it with `coffer audit verify --log DIR"
            + " --public-key FILE`."
      })
  Path directory;

  /** The copy --log names, opened read-only; null without --log. */
  AuditTrail open(Invocation invocation) {
    if (directory == null) {
      return null;
    }
    requireDirectory(invocation, directory);
    return AuditLog.openCopy(directory, Optional.empty());
  }

  /**
   * Refuses {@code --log} through a sidecar, and a {@code --log} that is not a directory, before
   * anything is read: the keystore's "cannot read audit log" would exit 1, as if the failure were
   * Coffer's.
   */
  static void requireDirectory(Invocation invocation, Path log) {
    invocation.checkLocalOption("--log");
    if (!Files.isDirectory(log)) {
      if (Files.exists(log)) {
        throw new InvalidArgumentException(
            "--log " + log + " is a file; name the audit log's directory");
      }
      throw new NotFoundException("--log: no such directory: " + log);
    }
  }
}
