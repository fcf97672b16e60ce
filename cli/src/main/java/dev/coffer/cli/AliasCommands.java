package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.keystore.AliasEntry;
import dev.coffer.keystore.KeyService;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code coffer key alias}: names for keys, as KMS aliases. */
@Command(
    name = "alias",
    description = {
      "Name keys with aliases (alias/NAME).",
      "An alias points at one key; repoint it to move applications to another key without "
          + "changing them."
    },
    subcommands = {
      AliasCommands.Create.class,
      AliasCommands.Update.class,
      AliasCommands.Delete.class,
      AliasCommands.ListAliases.class
    })
final class AliasCommands extends CommandGroup {
  static final String ALIAS = "The alias, alias/NAME.";

  @Command(
      name = "create",
      description = "Create an alias for a key.",
      footerHeading = "%nExample:%n",
      footer = "  coffer key alias create alias/app 1234abcd-12ab-34cd-56ef-1234567890ab")
  static final class Create extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "ALIAS", description = ALIAS)
    String alias;

    @Parameters(index = "1", paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Override
    void run(KeyService kms, Invocation invocation) {
      printAlias(invocation, kms.createAlias(alias, key));
    }
  }

  @Command(name = "update", description = "Point an existing alias at another key.")
  static final class Update extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "ALIAS", description = ALIAS)
    String alias;

    @Parameters(index = "1", paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Override
    void run(KeyService kms, Invocation invocation) {
      printAlias(invocation, kms.updateAlias(alias, key));
    }
  }

  @Command(name = "delete", description = "Delete an alias; the key it pointed at is unchanged.")
  static final class Delete extends KeystoreCommand {
    @Parameters(paramLabel = "ALIAS", description = ALIAS)
    String alias;

    @Override
    void run(KeyService kms, Invocation invocation) {
      kms.deleteAlias(alias);
      JsonObject document = new JsonObject();
      document.addProperty("aliasName", alias);
      document.addProperty("deleted", true);
      invocation.output().result(document, out -> out.println("Deleted " + alias + "."));
    }
  }

  @Command(name = "list", description = "List all aliases, or those of one key.")
  static final class ListAliases extends KeystoreCommand {
    @Parameters(
        arity = "0..1",
        paramLabel = "KEY",
        description = "Only the aliases of this key (id, alias/NAME or ARN).")
    String key;

    @Override
    void run(KeyService kms, Invocation invocation) {
      List<AliasEntry> aliases = key == null ? kms.listAliases() : kms.listAliases(key);
      JsonObject document = new JsonObject();
      document.add("aliases", KeyJson.array(aliases, KeyJson::alias));
      Table table = Table.plain().row("ALIAS", "KEY ID", "UPDATED");
      aliases.forEach(
          a -> table.row(a.aliasName(), a.targetKeyId(), KeyText.date(a.lastUpdatedDate())));
      invocation
          .output()
          .result(
              document,
              out -> {
                if (aliases.isEmpty()) {
                  out.println("No aliases.");
                } else {
                  table.print(out);
                }
              });
    }
  }

  private static void printAlias(Invocation invocation, AliasEntry alias) {
    JsonObject document = new JsonObject();
    document.add("alias", KeyJson.alias(alias));
    invocation
        .output()
        .result(document, out -> out.println(alias.aliasName() + " -> " + alias.targetKeyId()));
  }
}
