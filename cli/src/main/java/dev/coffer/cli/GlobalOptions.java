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

  /** Null unless given: with --server, the server decides who the caller is. */
  @Option(
      names = "--as",
      paramLabel = "PRINCIPAL",
      scope = ScopeType.INHERIT,
      description = {
        "Act as this principal (default: the account root, the keystore administrator).",
        "Example: arn:aws:iam::000000000000:role/App. Not with --server: there the token or"
            + " client certificate says who you are."
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
      names = "--server",
      paramLabel = "HOST:PORT",
      scope = ScopeType.INHERIT,
      description = {
        "Work through a Coffer sidecar (`coffer serve`) instead of opening --data here; or set"
            + " COFFER_SERVER. Same commands, output and exit codes."
      })
  String server;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = {
        "With --server: the bearer token in FILE (such as DIR/sidecar/token from `coffer serve`);"
            + " or set COFFER_TOKEN_FILE, or COFFER_TOKEN to the token itself."
      })
  Path tokenFile;

  @Option(
      names = "--ca-cert",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = {
        "With --server: trust the server certificate issued by the CA in FILE (PEM; for `coffer"
            + " serve`'s own certificate, DIR/sidecar/server.pem); or set COFFER_CA_CERT."
            + " Default: the system's trusted CAs."
      })
  Path caCert;

  @Option(
      names = "--client-cert",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "With --server: a client certificate chain (PEM) for mutual TLS.")
  Path clientCert;

  @Option(
      names = "--client-key",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "With --server: the private key (PKCS#8 PEM) of --client-cert.")
  Path clientKey;

  @Option(
      names = "--plaintext",
      scope = ScopeType.INHERIT,
      description = {
        "No TLS, on loopback addresses only: `coffer serve` listens, and --server connects,"
            + " without it."
      })
  boolean plaintext;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of errors (or set COFFER_DEBUG=1).")
  boolean debug;
}
