package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.KeyVersionInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The {@code key} commands on a key's versions: rotate now, retire, destroy. */
final class VersionCommands {
  private VersionCommands() {}

  @Command(
      name = "rotate",
      description = {
        "Rotate a key now (RotateKeyOnDemand): a new version becomes primary.",
        "Older versions keep decrypting what they encrypted."
      })
  static final class Rotate extends KeystoreCommand {
    @Parameters(paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Override
    void run(KeyService kms, Invocation invocation) {
      KeyVersionInfo version = kms.rotateKeyOnDemand(key);
      KeyMetadata metadata = kms.describeKey(key);
      JsonObject document = new JsonObject();
      document.add("version", KeyJson.version(version));
      document.add("keyMetadata", KeyJson.keyMetadata(metadata));
      invocation
          .output()
          .result(
              document,
              out ->
                  out.println(
                      metadata.keyId()
                          + " rotated: version "
                          + version.version()
                          + " is primary; versions "
                          + metadata.minDecryptionVersion()
                          + " and up still decrypt."));
    }
  }

  @Command(
      name = "min-decryption-version",
      description = {
        "Retire the versions below N: they refuse to decrypt until N is lowered again.",
        "N cannot exceed the primary version or go below a destroyed version."
      })
  static final class MinDecryptionVersion extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Parameters(index = "1", paramLabel = "N", description = "The lowest version that decrypts.")
    int version;

    @Override
    void run(KeyService kms, Invocation invocation) {
      KeyMetadata metadata = kms.updateMinDecryptionVersion(key, version);
      String text =
          metadata.minDecryptionVersion() <= 1
              ? metadata.keyId() + ": every version decrypts."
              : metadata.keyId()
                  + ": versions below "
                  + metadata.minDecryptionVersion()
                  + " are retired and refuse to decrypt.";
      print(invocation, metadata, text);
    }
  }

  @Command(
      name = "destroy-version",
      description = {
        "Erase a retired version's key material for good.",
        "Whatever it encrypted can never be decrypted again; retire it first with "
            + "`key min-decryption-version` and make sure nothing still needs it."
      })
  static final class DestroyVersion extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Parameters(index = "1", paramLabel = "N", description = "The retired version to destroy.")
    int version;

    @Override
    void run(KeyService kms, Invocation invocation) {
      KeyMetadata metadata = kms.destroyKeyVersion(key, version);
      print(
          invocation,
          metadata,
          metadata.keyId()
              + ": version "
              + version
              + " destroyed; its ciphertexts are unreadable.");
    }
  }

  private static void print(Invocation invocation, KeyMetadata metadata, String text) {
    JsonObject document = new JsonObject();
    document.add("keyMetadata", KeyJson.keyMetadata(metadata));
    invocation.output().result(document, out -> out.println(text));
  }
}
