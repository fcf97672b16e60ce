package dev.coffer.cli;

import dev.coffer.engine.Coffer;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.RootKeyProvider;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * One run of {@code coffer}: the host streams and the global options as parsed. Commands reach it
 * from their {@link CommandSpec}, so they need no constructor arguments.
 */
final class Invocation {
  static final String PASSPHRASE_ENV = "COFFER_PASSPHRASE";
  static final String DEBUG_ENV = "COFFER_DEBUG";

  private final Host host;
  private final GlobalOptions options;
  private final CommandSpec root;
  private String stdinUse;
  private boolean passphraseEnvWarned;

  Invocation(Host host, GlobalOptions options, CommandSpec root) {
    this.host = host;
    this.options = options;
    this.root = root;
  }

  /** The invocation of the command tree {@code spec} belongs to. */
  static Invocation of(CommandSpec spec) {
    return ((CofferCommand) spec.root().userObject()).invocation();
  }

  /** The standard streams, for commands that stream object data rather than print results. */
  Host host() {
    return host;
  }

  Output output() {
    return new Output(host.out(), options.json);
  }

  /** The --as principal, by default the account root; in remote mode the server decides. */
  Principal principal() {
    return Principal.of(options.principal != null ? options.principal : GlobalOptions.ACCOUNT_ROOT);
  }

  /** Whether --as was given, rather than defaulting to the account root. */
  boolean principalGiven() {
    return options.principal != null;
  }

  /** Whether commands go to a sidecar ({@code --server} or {@code COFFER_SERVER}). */
  boolean remote() {
    return SidecarSession.server(options, host) != null;
  }

  /** The global --plaintext. */
  boolean plaintext() {
    return options.plaintext;
  }

  /**
   * Refuses remote mode for a command that works on the data directory itself.
   *
   * @throws InvalidArgumentException with --server or {@value SidecarSession#SERVER_ENV}
   */
  void requireLocal(String command) {
    if (remote()) {
      throw new InvalidArgumentException(
          command + " works on the data directory itself (--data), not through " + server());
    }
  }

  /**
   * What made this run remote, as the user gave it: naming --server to someone who only set the
   * environment variable sends them looking for an option they never typed.
   */
  private String server() {
    return options.server != null ? "--server" : SidecarSession.SERVER_ENV;
  }

  /** Whether {@code option} is on the command line, rather than left at its default. */
  private boolean given(String option) {
    // Global options are inherited: one after a subcommand's name is matched by that subcommand.
    for (ParseResult r = root.commandLine().getParseResult(); r != null; r = r.subcommand()) {
      if (r.hasMatchedOption(option)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The keystore's services: the data directory's keystore opened alone, or the sidecar. Close it
   * when done.
   */
  Session openKeys() {
    return openKeys(null);
  }

  /**
   * As {@link #openKeys()}, with the keystore at {@code keystoreDirectory} ({@code --keystore}) if
   * not null.
   */
  Session openKeys(java.nio.file.Path keystoreDirectory) {
    checkRemoteOptions(keystoreDirectory);
    if (remote()) {
      return connect();
    }
    return LocalSession.ofKeystore(openKeystore(keystoreDirectory), principal());
  }

  /**
   * The object store's services (keys, rotation and audit with them): the data directory opened
   * here, or the sidecar. Close it when done.
   *
   * @param warmUpCrypto whether the command moves object data, so that the engine may warm up its
   *     ciphers in the background once an object is large enough to pay off; ignored in remote mode
   */
  Session openStore(boolean warmUpCrypto) {
    return remote() ? connect() : LocalSession.ofStore(openObjectStore(warmUpCrypto), principal());
  }

  /**
   * As {@link #checkRemoteOptions()}, refusing {@code --keystore DIR} in remote mode too.
   *
   * @param keystoreDirectory the option's value, or null
   */
  void checkRemoteOptions(java.nio.file.Path keystoreDirectory) {
    if (keystoreDirectory != null) {
      checkLocalOption("--keystore");
    }
    checkRemoteOptions();
  }

  /**
   * Refuses {@code option}, given, in remote mode: it names files here, which a sidecar would not
   * read. Called before any input is read.
   */
  void checkLocalOption(String option) {
    if (remote()) {
      throw new InvalidArgumentException(option + " and " + server() + " exclude each other");
    }
  }

  /**
   * In remote mode, refuses the global options that only a data directory uses, and says once on
   * stderr that {@value #PASSPHRASE_ENV} is not used. Called before any input is read, so that a
   * refusal comes before a half-read archive's or standard input's failure, and again on
   * connecting.
   *
   * @throws InvalidArgumentException for --as, --data or --passphrase-file with a server
   */
  void checkRemoteOptions() {
    if (!remote()) {
      return;
    }
    if (options.principal != null) {
      throw new InvalidArgumentException(
          "--as works on the data directory; through "
              + server()
              + ", the token or client certificate decides who you are");
    }
    // Ignoring them would leave the user believing that this directory, or this passphrase, was
    // what the command worked on.
    for (String local : new String[] {"--data", "--passphrase-file"}) {
      if (given(local)) {
        throw new InvalidArgumentException(
            local + " works on the data directory; through " + server() + " the server's is used");
      }
    }
    // Only warned of: an environment variable is often set for a whole shell, where local
    // commands use it, but nothing says so otherwise when the server's keystore is not the one
    // the user meant to unlock.
    if (!passphraseEnvWarned && host.env().containsKey(PASSPHRASE_ENV)) {
      passphraseEnvWarned = true;
      host.err()
          .println(
              "coffer: warning: "
                  + PASSPHRASE_ENV
                  + " is ignored: it opens a data directory's keystore; through "
                  + server()
                  + " the server's is used");
    }
  }

  private Session connect() {
    checkRemoteOptions();
    return SidecarSession.connect(SidecarSession.server(options, host), options, host);
  }

  DataDirectory dataDirectory() {
    return new DataDirectory(options.data);
  }

  /** Opens the existing keystore of the data directory; close it when done. */
  Keystore openKeystore() {
    return dataDirectory().open(passphrase(null));
  }

  /**
   * Opens the keystore at {@code keystoreDirectory}, or the data directory's if null; close it when
   * done.
   */
  Keystore openKeystore(java.nio.file.Path keystoreDirectory) {
    return keystoreDirectory == null
        ? openKeystore()
        : DataDirectory.openKeystoreAt(keystoreDirectory, passphrase(null));
  }

  /**
   * Opens the data directory's object store, with the keystore options of {@link #openKeystore};
   * close it when done.
   */
  Coffer openObjectStore(boolean warmUpCrypto) {
    return dataDirectory().openObjectStore(passphrase(null), warmUpCrypto);
  }

  /**
   * The passphrase root key from {@code --passphrase-file} or {@value #PASSPHRASE_ENV}, if either
   * is given.
   *
   * @param iterations PBKDF2 iterations for a new keystore; null for the default. An existing
   *     keystore uses the count recorded in it.
   */
  Optional<RootKeyProvider> passphrase(Integer iterations) {
    char[] secret = null;
    if (options.passphraseFile != null) {
      secret = Inputs.readPassphrase(this, options.passphraseFile);
    } else if (host.env().containsKey(PASSPHRASE_ENV)) {
      secret = host.env().get(PASSPHRASE_ENV).toCharArray();
    }
    if (secret == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          iterations == null
              ? RootKeyProvider.passphrase(secret)
              : RootKeyProvider.passphrase(secret, iterations));
    } finally {
      Arrays.fill(secret, '\0');
    }
  }

  /** Standard input, which only one argument of a command may use. */
  InputStream stdin(String purpose) {
    if (stdinUse != null) {
      throw new InvalidArgumentException(
          "standard input is already used for " + stdinUse + "; give a file for " + purpose);
    }
    stdinUse = purpose;
    return host.in();
  }
}
