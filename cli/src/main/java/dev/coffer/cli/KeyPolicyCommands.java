package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.policy.KeyPolicies;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer key policy}: the key policy, KMS's resource policy on a key. */
@Command(
    name = "policy",
    description = {
      "Read and replace a key's policy (IAM JSON).",
      "The default key policy allows the account root everything, which lets identity policies "
          + "decide; a policy that leaves the account root out makes them irrelevant for the key."
    },
    subcommands = {
      KeyPolicyCommands.Get.class,
      KeyPolicyCommands.Put.class,
      KeyPolicyCommands.ListPolicies.class
    })
final class KeyPolicyCommands extends CommandGroup {
  static final String BYPASS =
      "Install the policy even if the --as principal could not change it again afterwards.";

  @Command(
      name = "get",
      description = "Print the key policy as stored (GetKeyPolicy).",
      footerHeading = "%nExample:%n",
      footer = "  coffer key policy get alias/app > policy.json")
  static final class Get extends KeystoreCommand {
    @Parameters(paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Override
    void run(KeyService kms, Invocation invocation) {
      String policy = kms.getKeyPolicy(key);
      JsonObject document = new JsonObject();
      document.addProperty("policyName", KeyPolicies.DEFAULT_POLICY_NAME);
      document.addProperty("policy", policy);
      invocation.output().result(document, out -> AccessText.policy(policy, out));
    }
  }

  @Command(
      name = "put",
      description = {
        "Replace the key policy (PutKeyPolicy).",
        "Refused unless the --as principal could still change the policy under the new one "
            + "(the lockout safety check), or --bypass-policy-lockout-safety-check is given."
      },
      footerHeading = "%nExample:%n",
      footer = "  coffer key policy put alias/app policy.json")
  static final class Put extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "FILE",
        description = "Policy file, or - for standard input (the default).")
    String source = Inputs.STDIN;

    @Option(names = "--bypass-policy-lockout-safety-check", description = BYPASS)
    boolean bypassLockoutCheck;

    private String policy;

    @Override
    void readInput(Invocation invocation) {
      policy = Inputs.readPolicy(invocation, source, "the key policy");
    }

    @Override
    void run(KeyService kms, Invocation invocation) {
      kms.putKeyPolicy(key, policy, bypassLockoutCheck);
      JsonObject document = new JsonObject();
      document.addProperty("keyId", key);
      document.addProperty("policyName", KeyPolicies.DEFAULT_POLICY_NAME);
      document.addProperty("bypassPolicyLockoutSafetyCheck", bypassLockoutCheck);
      invocation
          .output()
          .result(document, out -> out.println("Replaced the key policy of " + key + "."));
    }
  }

  @Command(
      name = "list",
      description = "List the key's policy names (ListKeyPolicies); KMS has only \"default\".")
  static final class ListPolicies extends KeystoreCommand {
    @Parameters(paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Override
    void run(KeyService kms, Invocation invocation) {
      List<String> names = kms.listKeyPolicies(key);
      JsonObject document = new JsonObject();
      document.add("policyNames", KeyJson.strings(names));
      invocation
          .output()
          .result(document, out -> AccessText.policyNames(names, "No key policies.", out));
    }
  }
}
