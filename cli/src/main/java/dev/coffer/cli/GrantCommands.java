package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.keystore.CreateGrantRequest;
import dev.coffer.keystore.CreatedGrant;
import dev.coffer.keystore.GrantInfo;
import dev.coffer.keystore.GrantOperation;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Principal;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** {@code coffer key grant}: KMS grants, which let a principal use one key for some operations. */
@Command(
    name = "grant",
    description = {
      "Let a principal use a key for some operations, beside the key policy (KMS grants).",
      "A grant can require an encryption context; its token retires it."
    },
    subcommands = {
      GrantCommands.Create.class,
      GrantCommands.ListGrants.class,
      GrantCommands.ListRetirable.class,
      GrantCommands.Retire.class,
      GrantCommands.Revoke.class
    })
final class GrantCommands extends CommandGroup {
  private static final String GRANT_ID = "The grant id that `key grant create` printed.";

  @Command(
      name = "create",
      description = {
        "Grant a principal operations on a key (CreateGrant).",
        "Prints the grant id and the grant token; the token is shown only this once."
      },
      footerHeading = "%nExample:%n",
      footer = {
        "  coffer key grant create alias/app \\",
        "      --grantee arn:aws:iam::000000000000:role/Reports \\",
        "      --operations Decrypt,GenerateDataKey --constraint-subset tenant=acme"
      })
  static final class Create extends KeystoreCommand {
    @Parameters(paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Option(
        names = "--grantee",
        required = true,
        paramLabel = "PRINCIPAL",
        description = "Who may use the key.")
    String grantee;

    @Option(
        names = "--operations",
        required = true,
        split = ",",
        paramLabel = "OPERATION",
        converter = OperationConverter.class,
        completionCandidates = OperationNames.class,
        description = "Operations to allow, comma-separated: ${COMPLETION-CANDIDATES}.")
    List<GrantOperation> operations;

    @Option(
        names = "--constraint-equals",
        paramLabel = "KEY=VALUE",
        parameterConsumer = KeyValues.class,
        description =
            "Allow only requests whose encryption context is exactly these entries (repeatable).")
    Map<String, String> constraintEquals = new LinkedHashMap<>();

    @Option(
        names = "--constraint-subset",
        paramLabel = "KEY=VALUE",
        parameterConsumer = KeyValues.class,
        description =
            "Allow only requests whose encryption context includes these entries (repeatable).")
    Map<String, String> constraintSubset = new LinkedHashMap<>();

    @Option(
        names = "--retiring-principal",
        paramLabel = "PRINCIPAL",
        description = "Who else may retire the grant (the account root always may).")
    String retiringPrincipal;

    @Option(names = "--name", paramLabel = "NAME", description = "A friendly name for the grant.")
    String name;

    @Override
    void run(KeyService kms, Invocation invocation) {
      CreateGrantRequest.Builder request =
          CreateGrantRequest.builder()
              .keyId(key)
              .grantee(Principal.of(grantee))
              .constraintEquals(constraintEquals)
              .constraintSubset(constraintSubset);
      operations.forEach(request::operation);
      if (retiringPrincipal != null) {
        request.retiringPrincipal(Principal.of(retiringPrincipal));
      }
      if (name != null) {
        request.name(name);
      }
      CreatedGrant grant = kms.createGrant(request.build());
      JsonObject document = new JsonObject();
      document.addProperty("grantId", grant.grantId());
      document.addProperty("grantToken", grant.grantToken());
      Table table = Table.plain();
      table.row("Grant ID", grant.grantId());
      table.row("Grant token", grant.grantToken());
      invocation
          .output()
          .result(
              document,
              out -> {
                table.print(out);
                out.println(
                    "The grant token is shown only this once; keep it to retire the grant:");
                out.println("  coffer key grant retire --token " + grant.grantToken());
              });
    }
  }

  @Command(name = "list", description = "List the grants on a key (ListGrants).")
  static final class ListGrants extends KeystoreCommand {
    @Parameters(paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Override
    void run(KeyService kms, Invocation invocation) {
      printGrants(invocation, kms.listGrants(key), "No grants on " + key + ".");
    }
  }

  @Command(
      name = "list-retirable",
      description = "List the grants, on any key, that PRINCIPAL may retire (ListRetirableGrants).")
  static final class ListRetirable extends KeystoreCommand {
    @Parameters(paramLabel = "PRINCIPAL", description = "The retiring principal.")
    String principal;

    @Override
    void run(KeyService kms, Invocation invocation) {
      List<GrantInfo> grants = kms.listRetirableGrants(Principal.of(principal));
      printGrants(invocation, grants, "No grants name " + principal + " as retiring principal.");
    }
  }

  @Command(
      name = "retire",
      description = {
        "Retire a grant (RetireGrant), by its token or by key and grant id.",
        "Its retiring principal, its grantee if the grant allows RetireGrant, and the account "
            + "root may retire a grant."
      },
      customSynopsis = {
        "coffer key grant retire --token TOKEN [OPTIONS]",
        "   or: coffer key grant retire KEY GRANT_ID [OPTIONS]"
      })
  static final class Retire extends KeystoreCommand {
    @Option(
        names = "--token",
        paramLabel = "TOKEN",
        description = "The grant token that `key grant create` printed.")
    String token;

    @Parameters(index = "0", arity = "0..1", paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Parameters(index = "1", arity = "0..1", paramLabel = "GRANT_ID", description = GRANT_ID)
    String grantId;

    @Override
    void run(KeyService kms, Invocation invocation) {
      JsonObject document = new JsonObject();
      String done;
      if (token != null) {
        if (key != null) {
          throw new ParameterException(
              spec.commandLine(), "give either --token TOKEN or KEY GRANT_ID, not both");
        }
        kms.retireGrant(token);
        done = "Retired the grant of that token.";
      } else {
        if (grantId == null) {
          throw new ParameterException(
              spec.commandLine(), "missing grant: give --token TOKEN or KEY GRANT_ID");
        }
        kms.retireGrant(key, grantId);
        document.addProperty("keyId", key);
        document.addProperty("grantId", grantId);
        done = "Retired grant " + grantId + " of " + key + ".";
      }
      document.addProperty("retired", true);
      invocation.output().result(document, out -> out.println(done));
    }
  }

  @Command(
      name = "revoke",
      description = "Revoke a grant (RevokeGrant); needs kms:RevokeGrant on the key.")
  static final class Revoke extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Parameters(index = "1", paramLabel = "GRANT_ID", description = GRANT_ID)
    String grantId;

    @Override
    void run(KeyService kms, Invocation invocation) {
      kms.revokeGrant(key, grantId);
      JsonObject document = new JsonObject();
      document.addProperty("keyId", key);
      document.addProperty("grantId", grantId);
      document.addProperty("revoked", true);
      invocation
          .output()
          .result(document, out -> out.println("Revoked grant " + grantId + " of " + key + "."));
    }
  }

  private static void printGrants(Invocation invocation, List<GrantInfo> grants, String none) {
    JsonObject document = new JsonObject();
    document.add("grants", KeyJson.array(grants, KeyJson::grant));
    invocation.output().result(document, out -> AccessText.grants(grants, none, out));
  }

  /** KMS operation names; a wrong one is a usage error that lists the right ones. */
  static final class OperationConverter implements ITypeConverter<GrantOperation> {
    @Override
    public GrantOperation convert(String name) {
      try {
        return GrantOperation.fromKmsName(name.strip());
      } catch (InvalidArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** The KMS names of the grant operations, for the option's help. */
  static final class OperationNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(GrantOperation.values()).map(GrantOperation::kmsName).iterator();
    }
  }
}
