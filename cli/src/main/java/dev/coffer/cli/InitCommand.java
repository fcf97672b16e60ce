package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.KeystoreUnavailableException;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.RootKeyProvider;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coffer init}: creates the data directory and its keystore, once. */
@Command(
    name = "init",
    description = {
      "Create the data directory and its keystore.",
      "The keystore is sealed by a root key file (DIR/keystore/root.key), or by a passphrase "
          + "if one is given with --passphrase-file or COFFER_PASSPHRASE. Running it again on an "
          + "initialized directory changes nothing."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  coffer init", "  coffer --data /srv/coffer init --passphrase-file passphrase.txt"})
final class InitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  // Hidden: only tests lower the passphrase cost; users keep the keystore's default.
  @Option(names = "--kdf-iterations", hidden = true, paramLabel = "N")
  Integer kdfIterations;

  @Override
  public Integer call() {
    Invocation invocation = Invocation.of(spec);
    invocation.requireLocal("coffer init");
    DataDirectory directory = invocation.dataDirectory();
    Optional<RootKeyProvider> passphrase = invocation.passphrase(kdfIterations);
    boolean created = !exists(directory, passphrase);
    if (created) {
      directory.create(passphrase).close();
    }
    JsonObject document = new JsonObject();
    document.addProperty("dataDirectory", directory.root().toString());
    document.addProperty("keystore", directory.keystore().toString());
    document.addProperty("created", created);
    if (created) {
      document.addProperty("rootKey", passphrase.map(Object::toString).orElse("key file"));
      if (passphrase.isEmpty()) {
        document.addProperty("rootKeyFile", directory.rootKeyFile().toString());
      }
    }
    invocation
        .output()
        .result(
            document,
            out -> {
              if (created) {
                explainNew(directory, passphrase, out);
              } else {
                out.println(directory + " is already initialized; nothing changed.");
              }
            });
    return ExitCodes.OK;
  }

  /**
   * Whether the keystore exists, found by opening it rather than by looking for its files, which
   * belong to the keystore. One sealed with another kind of root key exists too.
   */
  private static boolean exists(DataDirectory directory, Optional<RootKeyProvider> passphrase) {
    try {
      directory.open(passphrase).close();
      return true;
    } catch (NotFoundException e) {
      return false;
    } catch (KeystoreUnavailableException e) {
      if (e.errorCode() == ErrorCode.WRONG_ROOT_KEY) {
        return true;
      }
      throw e;
    }
  }

  private static void explainNew(
      DataDirectory directory, Optional<RootKeyProvider> passphrase, PrintStream out) {
    out.println("Initialized Coffer data directory " + directory);
    Table table = Table.indented("  ");
    table.row("keystore", directory.keystore().toString());
    table.row("root key", passphrase.map(Object::toString).orElse(directory.rootKeyFile() + ""));
    table.print(out);
    out.println();
    if (passphrase.isPresent()) {
      out.println("The keystore opens only with this passphrase, and it cannot be recovered:");
      out.println("store it safely. Give it with --passphrase-file FILE or COFFER_PASSPHRASE.");
    } else {
      out.println("The root key file opens the keystore. Keep it owner-only (it is created with");
      out.println("mode 600) and back it up separately from the data directory: a backup that");
      out.println("holds both protects nothing, and without it the keystore is lost.");
    }
    out.println();
    out.println("Next: coffer key create --alias alias/my-key");
  }
}
