package dev.coffer.cli;

import picocli.CommandLine.Command;

/** {@code coffer archive}: encrypted archives of files, opened with nothing but the keystore. */
@Command(
    name = "archive",
    description = {
      "Seal files and directories into one encrypted archive, and open it again.",
      "Offline: only the keystore is opened (DIR/keystore of --data, or --keystore DIR), never "
          + "the object store, and no server is needed. Names, modes and times are encrypted "
          + "with the data. Each archive has its own data key, wrapped under --key and any "
          + "--recipient keys: any one of them opens it."
    },
    subcommands = {
      ArchiveCreateCommand.class,
      ArchiveExtractCommand.class,
      ArchiveListCommand.class,
      ArchiveVerifyCommand.class
    })
final class ArchiveCommands extends CommandGroup {}
