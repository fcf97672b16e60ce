package dev.coffer.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.coffer.engine.KeyUsage;
import dev.coffer.engine.RotationService;
import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.AliasEntry;
import dev.coffer.keystore.AlreadyExistsException;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.KeyListEntry;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer key}: master keys, their lifecycle, and (through subgroups) everything else. */
@Command(
    name = "key",
    description = {
      "Create, inspect and manage master keys, and use them for data keys.",
      "KEY is a key id, alias/NAME, or an ARN everywhere."
    },
    subcommands = {
      KeyCommands.Create.class,
      KeyCommands.ListKeys.class,
      KeyCommands.Describe.class,
      KeyCommands.UpdateDescription.class,
      KeyCommands.Enable.class,
      KeyCommands.Disable.class,
      KeyCommands.ScheduleDeletion.class,
      KeyCommands.CancelDeletion.class,
      VersionCommands.Rotate.class,
      VersionCommands.MinDecryptionVersion.class,
      VersionCommands.DestroyVersion.class,
      RotationCommands.class,
      AliasCommands.class,
      KeyTagCommands.class,
      KeyPolicyCommands.class,
      GrantCommands.class,
      DataKeyCommands.GenerateDataKey.class,
      DataKeyCommands.Encrypt.class,
      DataKeyCommands.Decrypt.class,
      DataKeyCommands.ReEncrypt.class
    })
final class KeyCommands extends CommandGroup {
  static final String KEY = "Key id, alias/NAME, or key ARN.";

  @Command(
      name = "create",
      description = {
        "Create a master key (AES-256-GCM, version 1, Enabled), optionally aliased.",
        "Without --policy the key gets the default key policy: the account root may do "
            + "everything, so identity policies (`coffer principal policy`) decide who uses it."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  coffer key create --alias alias/app --description \"App data\" --tag team=web",
        "  coffer key create --policy key-policy.json --json"
      })
  static final class Create extends KeystoreCommand {
    @Option(names = "--alias", paramLabel = "alias/NAME", description = "Also create this alias.")
    String alias;

    @Option(names = "--description", paramLabel = "TEXT", description = "What the key is for.")
    String description = "";

    @Option(
        names = "--tag",
        paramLabel = "KEY=VALUE",
        parameterConsumer = KeyValues.class,
        description = "A tag (repeatable); splits at the first '='.")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(
        names = "--policy",
        paramLabel = "FILE",
        description = "Key policy (IAM JSON) from FILE, or - for standard input.")
    String policyFile;

    @Option(names = "--bypass-policy-lockout-safety-check", description = KeyPolicyCommands.BYPASS)
    boolean bypassLockoutCheck;

    private String policy;

    @Override
    void readInput(Invocation invocation) {
      if (policyFile != null) {
        policy = Inputs.readPolicy(invocation, policyFile, "the key policy");
      }
    }

    @Override
    void run(KeyService kms, Invocation invocation) {
      CreateKeyRequest.Builder builder =
          CreateKeyRequest.builder()
              .description(description)
              .tags(tags)
              .bypassPolicyLockoutSafetyCheck(bypassLockoutCheck);
      if (policy != null) {
        builder.policy(policy);
      }
      CreateKeyRequest request = builder.build();
      // Checked first so that the usual mistakes do not leave a key without its alias behind.
      if (alias != null && !alias.startsWith("arn:")) {
        AliasEntry.checkName(alias);
      }
      if (alias != null && kms.listAliases().stream().anyMatch(a -> a.aliasName().equals(alias))) {
        throw new AlreadyExistsException("alias " + alias + " already exists; no key was created");
      }
      KeyMetadata key = kms.createKey(request);
      List<AliasEntry> aliases = List.of();
      if (alias != null) {
        try {
          aliases = List.of(kms.createAlias(alias, key.keyId()));
        } catch (CofferException e) {
          throw new CommandException(
              e, e.getMessage() + "; key " + key.keyId() + " was created without the alias");
        }
      }
      printKey(invocation.output(), key, aliases);
    }
  }

  @Command(name = "list", description = "List the master keys and their aliases.")
  static final class ListKeys extends KeystoreCommand {
    @Override
    void run(KeyService kms, Invocation invocation) {
      List<KeyListEntry> keys = kms.listKeys();
      List<AliasEntry> aliases = kms.listAliases();
      JsonArray json = new JsonArray();
      Table table = Table.plain().row("KEY ID", "ALIASES");
      for (KeyListEntry key : keys) {
        List<AliasEntry> own =
            aliases.stream().filter(a -> a.targetKeyId().equals(key.keyId())).toList();
        JsonObject entry = new JsonObject();
        entry.addProperty("keyId", key.keyId());
        entry.addProperty("keyArn", key.keyArn());
        entry.add("aliases", KeyJson.strings(own.stream().map(AliasEntry::aliasName).toList()));
        json.add(entry);
        table.row(key.keyId(), KeyText.aliasNames(own));
      }
      JsonObject document = new JsonObject();
      document.add("keys", json);
      invocation
          .output()
          .result(
              document,
              out -> {
                if (keys.isEmpty()) {
                  out.println("No keys yet; create one with `coffer key create`.");
                } else {
                  table.print(out);
                }
              });
    }
  }

  @Command(
      name = "describe",
      description = "Show a key: state, versions, rotation, deletion date, aliases, tags.")
  static final class Describe extends KeystoreCommand {
    @Parameters(paramLabel = "KEY", description = KEY)
    String key;

    @Override
    void run(KeyService kms, Invocation invocation) {
      KeyMetadata metadata = kms.describeKey(key);
      printKey(invocation.output(), metadata, kms.listAliases(metadata.keyId()));
    }
  }

  @Command(
      name = "update-description",
      description = "Replace a key's description (UpdateKeyDescription); \"\" clears it.",
      footerHeading = "%nExample:%n",
      footer = "  coffer key update-description alias/app \"Invoices, 2026 onwards\"")
  static final class UpdateDescription extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = KEY)
    String key;

    @Parameters(index = "1", paramLabel = "TEXT", description = "The new description.")
    String description;

    @Override
    void run(KeyService kms, Invocation invocation) {
      KeyMetadata metadata = kms.updateKeyDescription(key, description);
      List<AliasEntry> aliases;
      try {
        aliases = kms.listAliases(metadata.keyId());
      } catch (AccessDeniedException e) {
        // The change is made: a caller who may not list aliases is shown the key without them.
        aliases = List.of();
      }
      printKey(invocation.output(), metadata, aliases);
    }
  }

  @Command(name = "enable", description = "Enable a disabled key so that it encrypts again.")
  static final class Enable extends KeystoreCommand {
    @Parameters(paramLabel = "KEY", description = KEY)
    String key;

    @Override
    void run(KeyService kms, Invocation invocation) {
      printState(invocation.output(), kms.enableKey(key));
    }
  }

  @Command(
      name = "disable",
      description = "Disable a key: it refuses to encrypt and decrypt until enabled.")
  static final class Disable extends KeystoreCommand {
    @Parameters(paramLabel = "KEY", description = KEY)
    String key;

    @Override
    void run(KeyService kms, Invocation invocation) {
      printState(invocation.output(), kms.disableKey(key));
    }
  }

  @Command(
      name = "schedule-deletion",
      description = {
        "Schedule a key's destruction after a waiting period (7 to 30 days).",
        "Until then it refuses all cryptography and `key cancel-deletion` can save it; "
            + "afterwards everything it encrypted is unreadable for good. "
            + "--dry-run first shows what that would be."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  coffer key schedule-deletion alias/old --dry-run --names 20",
        "  coffer key schedule-deletion alias/old --days 7"
      })
  static final class ScheduleDeletion extends RotationServiceCommand {
    @Parameters(paramLabel = "KEY", description = KEY)
    String key;

    @Option(
        names = "--days",
        paramLabel = "N",
        defaultValue = "30",
        description = "Waiting period in days, 7 to 30 (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
        names = "--dry-run",
        description =
            "Schedule nothing: report the buckets and objects the key's destruction would make"
                + " unreadable.")
    boolean dryRun;

    @Option(
        names = "--names",
        paramLabel = "N",
        defaultValue = "0",
        description = "With --dry-run, also name up to N of those objects (default: none).")
    int names;

    @Override
    int run(RotationService rotation, Invocation invocation) {
      if (names < 0) {
        throw new InvalidArgumentException("--names must not be negative");
      }
      if (dryRun) {
        KeyUsage usage = rotation.keyUsage(key, names);
        invocation.output().result(JobJson.usage(usage), out -> JobJson.shredReport(usage, out));
        return ExitCodes.OK;
      }
      // Through the object store, so that the audit record of the scheduling carries the counts.
      printState(invocation.output(), rotation.scheduleKeyDeletion(key, days));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "cancel-deletion",
      description = "Cancel a scheduled deletion; the key comes back Disabled, as in KMS.")
  static final class CancelDeletion extends KeystoreCommand {
    @Parameters(paramLabel = "KEY", description = KEY)
    String key;

    @Override
    void run(KeyService kms, Invocation invocation) {
      KeyMetadata metadata = kms.cancelKeyDeletion(key);
      printState(invocation.output(), metadata);
      invocation.output().line("Enable it with `coffer key enable " + metadata.keyId() + "`.");
    }
  }

  /** {@code {"keyMetadata": …, "aliases": […]}}, or the description as text. */
  static void printKey(Output output, KeyMetadata key, List<AliasEntry> aliases) {
    JsonObject document = new JsonObject();
    document.add("keyMetadata", KeyJson.keyMetadata(key));
    document.add("aliases", KeyJson.array(aliases, KeyJson::alias));
    output.result(document, out -> KeyText.describe(key, aliases, out));
  }

  /** {@code {"keyMetadata": …}}, or one line on the key's new state. */
  static void printState(Output output, KeyMetadata key) {
    JsonObject document = new JsonObject();
    document.add("keyMetadata", KeyJson.keyMetadata(key));
    output.result(document, out -> out.println(KeyText.stateLine(key)));
  }
}
