package dev.coffer.cli;

import static dev.coffer.cli.DemoStep.expect;
import static dev.coffer.cli.DemoStep.refused;
import static dev.coffer.cli.DemoTour.ALIAS;
import static dev.coffer.cli.DemoTour.CONTEXT;
import static dev.coffer.cli.DemoTour.WRONG_CONTEXT;

import dev.coffer.keystore.Ciphertext;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.CreateGrantRequest;
import dev.coffer.keystore.CreatedGrant;
import dev.coffer.keystore.DataKey;
import dev.coffer.keystore.DecryptRequest;
import dev.coffer.keystore.Decrypted;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.GenerateDataKeyRequest;
import dev.coffer.keystore.GrantOperation;
import dev.coffer.keystore.InsecureSecretAccess;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Principal;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * The steps of {@code coffer demo} that show access control: another principal is denied with the
 * keystore's explanation, an identity policy lets it in, and a grant allows Decrypt for one
 * encryption context only. They need the demo key enabled and its first data key.
 */
final class AccessControlSteps {
  static final String ANALYST = "arn:aws:iam::000000000000:role/Analyst";
  static final String AUDITOR = "arn:aws:iam::000000000000:role/Auditor";
  private static final String POLICY_NAME = "use-demo-key";
  private static final Map<String, String> GRANTED_CONTEXT = Map.of("tenant", "acme");

  private AccessControlSteps() {}

  static List<DemoStep> steps() {
    return List.of(
        new DemoStep(
            "Act as another principal: the Analyst role may not use the key",
            "coffer --as " + ANALYST + " key generate-data-key " + ALIAS + " " + CONTEXT,
            AccessControlSteps::analystIsDenied),
        new DemoStep(
            "Attach an identity policy to the Analyst: now it may",
            "coffer principal policy put " + ANALYST + " " + POLICY_NAME + " analyst-policy.json",
            AccessControlSteps::analystIsAllowed),
        new DemoStep(
            "Grant the Auditor role Decrypt, for tenant=acme only",
            "coffer key grant create "
                + ALIAS
                + " --grantee "
                + AUDITOR
                + " --operations Decrypt --constraint-subset tenant=acme",
            AccessControlSteps::grantAuditor),
        new DemoStep(
            "The Auditor decrypts the first data key, whose context includes tenant=acme",
            "coffer --as " + AUDITOR + " key decrypt wrapped.b64 " + CONTEXT,
            AccessControlSteps::auditorDecrypts),
        new DemoStep(
            "The grant does not cover another tenant's data key",
            "coffer --as " + AUDITOR + " key decrypt globex.b64 " + WRONG_CONTEXT,
            AccessControlSteps::auditorIsDeniedAnotherTenant));
  }

  private static String analystIsDenied(DemoTour.State s) {
    CofferException e =
        refused(
            ErrorCode.ACCESS_DENIED,
            () ->
                s.as(ANALYST).generateDataKey(GenerateDataKeyRequest.of(ALIAS, s.context)).close());
    expect(
        e.getMessage().contains(ANALYST) && e.getMessage().contains("kms:GenerateDataKey"),
        "the denial to name the Analyst and kms:GenerateDataKey");
    return "refused with ACCESS_DENIED; the keystore explains:\n" + e.getMessage();
  }

  private static String analystIsAllowed(DemoTour.State s) {
    String policy = analystPolicy(s.keyArn);
    s.kms.putPrincipalPolicy(Principal.of(ANALYST), POLICY_NAME, policy);
    expect(
        s.kms.listPrincipalPolicies(Principal.of(ANALYST)).contains(POLICY_NAME),
        "the Analyst to have the policy " + POLICY_NAME);
    KeyService analyst = s.as(ANALYST);
    try (DataKey dataKey = analyst.generateDataKey(GenerateDataKeyRequest.of(ALIAS, s.context));
        Decrypted decrypted = analyst.decrypt(DecryptRequest.of(dataKey.wrapped(), s.context))) {
      expect(
          MessageDigest.isEqual(
              dataKey.plaintext().borrow(InsecureSecretAccess.get()),
              decrypted.plaintext().borrow(InsecureSecretAccess.get())),
          "the Analyst's Decrypt to return its data key");
    }
    return "analyst-policy.json:\n"
        + policy
        + "Now the Analyst's GenerateDataKey works, and its Decrypt returns the same data key.";
  }

  private static String grantAuditor(DemoTour.State s) {
    CreatedGrant grant =
        s.kms.createGrant(
            CreateGrantRequest.builder()
                .keyId(ALIAS)
                .grantee(Principal.of(AUDITOR))
                .operation(GrantOperation.DECRYPT)
                .constraintSubset(GRANTED_CONTEXT)
                .build());
    expect(
        s.kms.listGrants(ALIAS).stream()
            .anyMatch(
                g ->
                    g.grantId().equals(grant.grantId())
                        && g.constraintSubset().equals(GRANTED_CONTEXT)),
        "the key's grants to list the new grant with its constraint");
    return "grant "
        + grant.grantId().substring(0, 12)
        + "… is listed on the key; its token, shown only once, retires it";
  }

  private static String auditorDecrypts(DemoTour.State s) {
    try (Decrypted decrypted =
        s.as(AUDITOR).decrypt(DecryptRequest.of(s.firstWrapped, s.context))) {
      expect(
          MessageDigest.isEqual(DemoTour.digest(decrypted.plaintext()), s.firstDigest),
          "the data key generated earlier");
    }
    return "the grant allows it: the same data key came back";
  }

  private static String auditorIsDeniedAnotherTenant(DemoTour.State s) {
    EncryptionContext globex = EncryptionContext.of("tenant", "globex").with("purpose", "demo");
    Ciphertext other =
        s.kms.generateDataKeyWithoutPlaintext(GenerateDataKeyRequest.of(ALIAS, globex));
    CofferException e =
        refused(
            ErrorCode.ACCESS_DENIED,
            () -> s.as(AUDITOR).decrypt(DecryptRequest.of(other, globex)).close());
    // The root opening the same blob shows that the refusal is the grant's, not the ciphertext's.
    s.kms.decrypt(DecryptRequest.of(other, globex)).close();
    return "the grant requires tenant=acme: the account root opens a data key wrapped for"
        + " tenant=globex, but the Auditor is refused with ACCESS_DENIED:\n"
        + e.getMessage();
  }

  private static String analystPolicy(String keyArn) {
    return "{\n"
        + "  \"Version\": \"2012-10-17\",\n"
        + "  \"Statement\": [\n"
        + "    {\n"
        + "      \"Sid\": \"AnalystUsesDemoKey\",\n"
        + "      \"Effect\": \"Allow\",\n"
        + "      \"Action\": [\"kms:GenerateDataKey\", \"kms:Decrypt\"],\n"
        + "      \"Resource\": \""
        + keyArn
        + "\"\n"
        + "    }\n"
        + "  ]\n"
        + "}\n";
  }
}
