package dev.coffer.keystore.policy;

import static dev.coffer.keystore.policy.PolicyTesting.identityAllows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.Principal;
import org.junit.jupiter.api.Test;

class PolicyVariablesTest {
  private static final Principal ALICE = Principal.of("arn:aws:iam::111122223333:user/team/alice");
  private static final Principal APP = Principal.of("arn:aws:iam::111122223333:role/App");

  private static PolicyDocument identity(String statement) {
    return PolicyDocument.parse(
        "{\"Version\":\"2012-10-17\",\"Statement\":" + statement + "}", PolicyKind.IDENTITY_POLICY);
  }

  private static RequestContext get(Principal who, String resource) {
    return RequestContext.builder()
        .principal(who)
        .action("s3:GetObject")
        .resource(resource)
        .build();
  }

  @Test
  void usernameVariable_inResource_givesEachUserTheirOwnPrefix() {
    PolicyDocument home =
        identity(
            "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::home/${aws:username}/*\"}");
    assertThat(identityAllows(home, get(ALICE, "arn:aws:s3:::home/alice/notes.txt"))).isTrue();
    assertThat(identityAllows(home, get(ALICE, "arn:aws:s3:::home/bob/notes.txt"))).isFalse();
    assertThat(identityAllows(home, get(APP, "arn:aws:s3:::home/App/x")))
        .as("a role has no aws:username, so the element cannot match")
        .isFalse();
  }

  @Test
  void variableDefault_appliesWhenTheKeyIsAbsent() {
    PolicyDocument shared =
        identity(
            "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::home/${aws:username, 'shared'}/*\"}");
    assertThat(identityAllows(shared, get(APP, "arn:aws:s3:::home/shared/readme"))).isTrue();
  }

  @Test
  void escapedWildcard_matchesOnlyTheLiteralCharacter() {
    PolicyDocument literal =
        identity(
            "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/${*}\"}");
    assertThat(identityAllows(literal, get(APP, "arn:aws:s3:::b/*"))).isTrue();
    assertThat(identityAllows(literal, get(APP, "arn:aws:s3:::b/anything"))).isFalse();
  }

  @Test
  void variablesInConditionValues_useTheRequestsKeys() {
    PolicyDocument ownAccount =
        identity(
            "{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\",\"Condition\":"
                + "{\"StringEquals\":{\"kms:EncryptionContext:owner\":\"${aws:PrincipalAccount}\"}}}");
    RequestContext mine =
        RequestContext.builder()
            .principal(APP)
            .action("kms:Decrypt")
            .resource("*")
            .conditionKey("kms:EncryptionContext:owner", "111122223333")
            .build();
    RequestContext theirs =
        RequestContext.builder()
            .principal(APP)
            .action("kms:Decrypt")
            .resource("*")
            .conditionKey("kms:EncryptionContext:owner", "999988887777")
            .build();
    assertThat(identityAllows(ownAccount, mine)).isTrue();
    assertThat(identityAllows(ownAccount, theirs)).isFalse();
  }
}
