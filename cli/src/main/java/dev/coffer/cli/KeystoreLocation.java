package dev.coffer.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --keystore DIR}: a keystore directory on its own, for the offline archive commands. */
final class KeystoreLocation {
  @Option(
      names = "--keystore",
      paramLabel = "DIR",
      description = {
        "Use the keystore in DIR (a copy of a data directory's keystore/ will do) instead of "
            + "the one in --data."
      })
  Path directory;
}
