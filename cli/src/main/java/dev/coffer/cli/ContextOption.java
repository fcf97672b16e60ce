package dev.coffer.cli;

import dev.coffer.keystore.EncryptionContext;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The repeatable {@code --context KEY=VALUE} option of the data-key commands. */
final class ContextOption {
  @Option(
      names = "--context",
      paramLabel = "KEY=VALUE",
      parameterConsumer = KeyValues.class,
      description = {
        "Encryption context entry (repeatable; splits at the first '=').",
        "Decryption needs exactly the context used to encrypt."
      })
  Map<String, String> entries = new LinkedHashMap<>();

  EncryptionContext context() {
    return EncryptionContext.of(entries);
  }
}
