package dev.coffer.cli;

import dev.coffer.engine.archive.OpenOptions;
import dev.coffer.keystore.EncryptionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** How the reading archive commands open an archive's key. */
final class ArchiveReadOptions {
  @Option(
      names = "--context",
      paramLabel = "KEY=VALUE",
      parameterConsumer = KeyValues.class,
      description = {
        "Expected encryption context (repeatable; splits at the first '='): the archive is "
            + "refused unless it was created with exactly these pairs."
      })
  Map<String, String> context = new LinkedHashMap<>();

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description = {
        "Open with this recipient key only (repeatable). Default: each recipient in turn.",
        KeyCommands.KEY
      })
  List<String> keys = new ArrayList<>();

  OpenOptions openOptions() {
    OpenOptions options = OpenOptions.defaults().tryingKeys(keys);
    return context.isEmpty() ? options : options.expectingContext(EncryptionContext.of(context));
  }
}
