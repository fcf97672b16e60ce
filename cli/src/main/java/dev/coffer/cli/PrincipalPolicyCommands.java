package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Principal;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code coffer principal policy}: named identity policies attached to a principal. */
@Command(
    name = "policy",
    description = {
      "Attach, read and remove a principal's identity policies (IAM JSON, without Principal).",
      "Under the default key policy, a principal other than the account root may use a key only "
          + "if one of its identity policies (or a grant) allows it."
    },
    subcommands = {
      PrincipalPolicyCommands.Put.class,
      PrincipalPolicyCommands.Get.class,
      PrincipalPolicyCommands.ListPolicies.class,
      PrincipalPolicyCommands.Delete.class
    })
final class PrincipalPolicyCommands extends CommandGroup {
  private static final String NAME = "The policy's name, unique per principal.";

  @Command(
      name = "put",
      description = "Attach a named identity policy to a principal, replacing one of that name.",
      footerHeading = "%nExample:%n",
      footer = "  coffer principal policy put arn:aws:iam::000000000000:role/App app-key p.json")
  static final class Put extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "PRINCIPAL", description = PrincipalCommands.PRINCIPAL)
    String principal;

    @Parameters(index = "1", paramLabel = "NAME", description = NAME)
    String name;

    @Parameters(
        index = "2",
        arity = "0..1",
        paramLabel = "FILE",
        description = "Policy file, or - for standard input (the default).")
    String source = Inputs.STDIN;

    private String policy;

    @Override
    void readInput(Invocation invocation) {
      policy = Inputs.readPolicy(invocation, source, "the identity policy");
    }

    @Override
    void run(KeyService kms, Invocation invocation) {
      kms.putPrincipalPolicy(Principal.of(principal), name, policy);
      JsonObject document = named(principal, name);
      invocation
          .output()
          .result(
              document,
              out -> out.println("Attached identity policy " + name + " to " + principal + "."));
    }
  }

  @Command(name = "get", description = "Print a principal's identity policy as stored.")
  static final class Get extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "PRINCIPAL", description = PrincipalCommands.PRINCIPAL)
    String principal;

    @Parameters(index = "1", paramLabel = "NAME", description = NAME)
    String name;

    @Override
    void run(KeyService kms, Invocation invocation) {
      String policy = kms.getPrincipalPolicy(Principal.of(principal), name);
      JsonObject document = named(principal, name);
      document.addProperty("policyDocument", policy);
      invocation.output().result(document, out -> AccessText.policy(policy, out));
    }
  }

  @Command(name = "list", description = "List the names of a principal's identity policies.")
  static final class ListPolicies extends KeystoreCommand {
    @Parameters(paramLabel = "PRINCIPAL", description = PrincipalCommands.PRINCIPAL)
    String principal;

    @Override
    void run(KeyService kms, Invocation invocation) {
      List<String> names = kms.listPrincipalPolicies(Principal.of(principal));
      JsonObject document = new JsonObject();
      document.addProperty("principal", principal);
      document.add("policyNames", KeyJson.strings(names.stream().sorted().toList()));
      invocation
          .output()
          .result(
              document,
              out -> AccessText.policyNames(names, principal + " has no identity policies.", out));
    }
  }

  @Command(name = "delete", description = "Remove an identity policy from a principal.")
  static final class Delete extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "PRINCIPAL", description = PrincipalCommands.PRINCIPAL)
    String principal;

    @Parameters(index = "1", paramLabel = "NAME", description = NAME)
    String name;

    @Override
    void run(KeyService kms, Invocation invocation) {
      kms.deletePrincipalPolicy(Principal.of(principal), name);
      JsonObject document = named(principal, name);
      document.addProperty("deleted", true);
      invocation
          .output()
          .result(
              document,
              out -> out.println("Deleted identity policy " + name + " of " + principal + "."));
    }
  }

  private static JsonObject named(String principal, String name) {
    JsonObject document = new JsonObject();
    document.addProperty("principal", principal);
    document.addProperty("policyName", name);
    return document;
  }
}
