package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.keystore.KeyRotation;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.RotationStatus;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer key rotation}: automatic rotation and the history of rotations. */
@Command(
    name = "rotation",
    description = "Turn automatic rotation on or off, and see when a key rotated.",
    subcommands = {
      RotationCommands.Enable.class,
      RotationCommands.Disable.class,
      RotationCommands.Status.class,
      RotationCommands.ListRotations.class
    })
final class RotationCommands extends CommandGroup {

  @Command(
      name = "enable",
      description = "Rotate the key automatically every N days.",
      footerHeading = "%nExample:%n",
      footer = "  coffer key rotation enable alias/app --days 90")
  static final class Enable extends KeystoreCommand {
    @Parameters(paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Option(
        names = "--days",
        paramLabel = "N",
        defaultValue = "365",
        description = "Rotation period in days, 90 to 2560 (default: ${DEFAULT-VALUE}).")
    int days;

    @Override
    void run(KeyService kms, Invocation invocation) {
      printStatus(invocation, kms.enableKeyRotation(key, days));
    }
  }

  @Command(name = "disable", description = "Stop rotating the key automatically.")
  static final class Disable extends KeystoreCommand {
    @Parameters(paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Override
    void run(KeyService kms, Invocation invocation) {
      printStatus(invocation, kms.disableKeyRotation(key));
    }
  }

  @Command(name = "status", description = "Show whether and when the key rotates.")
  static final class Status extends KeystoreCommand {
    @Parameters(paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Override
    void run(KeyService kms, Invocation invocation) {
      printStatus(invocation, kms.getKeyRotationStatus(key));
    }
  }

  @Command(
      name = "list",
      description = "List the key's rotations: each version a rotation created, and why.")
  static final class ListRotations extends KeystoreCommand {
    @Parameters(paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Override
    void run(KeyService kms, Invocation invocation) {
      List<KeyRotation> rotations = kms.listKeyRotations(key);
      JsonObject document = new JsonObject();
      document.add("rotations", KeyJson.array(rotations, KeyJson::rotation));
      Table table = Table.plain().row("VERSION", "ROTATED", "TYPE");
      rotations.forEach(
          r ->
              table.row(
                  Integer.toString(r.version()), KeyText.date(r.rotationDate()), r.type().name()));
      invocation
          .output()
          .result(
              document,
              out -> {
                if (rotations.isEmpty()) {
                  out.println("The key has not rotated yet.");
                } else {
                  table.print(out);
                }
              });
    }
  }

  private static void printStatus(Invocation invocation, RotationStatus status) {
    invocation
        .output()
        .result(KeyJson.rotationStatus(status), out -> KeyText.rotationStatus(status, out));
  }
}
