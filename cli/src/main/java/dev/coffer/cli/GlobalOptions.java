package dev.coffer.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options of the root command that every subcommand accepts too ({@code scope = INHERIT}), in any
 * position. Picocli sets them on this one instance wherever they appear.
 */
final class GlobalOptions {
  static final String ACCOUNT_ROOT = "arn:aws:iam::000000000000:root";

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "./coffer-data",
      scope = ScopeType.INHERIT,
      description = "Data directory (default: ${DEFAULT-VALUE}); the keystore is in DIR/keystore.")
  Path data;

  @Option(
      names = "--as",
      paramLabel = "PRINCIPAL",
      defaultValue = ACCOUNT_ROOT,
      scope = ScopeType.INHERIT,
      description = {
        "Act as this principal (default: the account root, the keystore administrator).",
        "Example: arn:aws:iam::000000000000:role/App"
      })
  String principal;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Machine output: one JSON document on stdout (errors as JSON on stderr).")
  boolean json;

  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = {
        "Read the keystore passphrase from FILE (- for stdin); one trailing newline is dropped.",
        "Or set COFFER_PASSPHRASE. Without either, the root key file is used."
      })
  String passphraseFile;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of errors (or set COFFER_DEBUG=1).")
  boolean debug;
}
