package dev.coffer.grpc.client;

import dev.coffer.api.v1.AliasRequest;
import dev.coffer.api.v1.DeleteAliasRequest;
import dev.coffer.api.v1.EnableKeyRotationRequest;
import dev.coffer.api.v1.GenerateDataKeyResponse;
import dev.coffer.api.v1.GrantName;
import dev.coffer.api.v1.KeyRequest;
import dev.coffer.api.v1.KeyServiceGrpc;
import dev.coffer.api.v1.KeyVersionRequest;
import dev.coffer.api.v1.ListAliasesRequest;
import dev.coffer.api.v1.ListGrantsResponse;
import dev.coffer.api.v1.ListKeysRequest;
import dev.coffer.api.v1.ListPrincipalPoliciesRequest;
import dev.coffer.api.v1.ListRetirableGrantsRequest;
import dev.coffer.api.v1.PrincipalPolicyRequest;
import dev.coffer.api.v1.PutKeyPolicyRequest;
import dev.coffer.api.v1.PutPrincipalPolicyRequest;
import dev.coffer.api.v1.RetireGrantRequest;
import dev.coffer.api.v1.RevokeGrantRequest;
import dev.coffer.api.v1.ScheduleKeyDeletionRequest;
import dev.coffer.api.v1.Tag;
import dev.coffer.api.v1.UpdateKeyDescriptionRequest;
import dev.coffer.grpc.internal.CryptoCodec;
import dev.coffer.grpc.internal.KeyCodec;
import dev.coffer.keystore.AliasEntry;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.Ciphertext;
import dev.coffer.keystore.CreateGrantRequest;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.CreatedGrant;
import dev.coffer.keystore.DataKey;
import dev.coffer.keystore.DecryptRequest;
import dev.coffer.keystore.Decrypted;
import dev.coffer.keystore.EncryptRequest;
import dev.coffer.keystore.GenerateDataKeyRequest;
import dev.coffer.keystore.GrantInfo;
import dev.coffer.keystore.KeyListEntry;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyRotation;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.KeyVersionInfo;
import dev.coffer.keystore.Plaintext;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.ReEncryptRequest;
import dev.coffer.keystore.ReEncrypted;
import dev.coffer.keystore.RotationStatus;
import dev.coffer.keystore.TagResourceRequest;
import dev.coffer.keystore.UntagResourceRequest;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** The embedded {@link KeyService} interface, served by a sidecar. */
final class RemoteKeyService implements KeyService {
  private final CofferClient client;

  RemoteKeyService(CofferClient client) {
    this.client = client;
  }

  private KeyServiceGrpc.KeyServiceBlockingStub kms() {
    return client.withDeadline(KeyServiceGrpc.newBlockingStub(client.channel()));
  }

  private static KeyRequest key(String keyId) {
    return KeyRequest.newBuilder().setKeyId(keyId).build();
  }

  @Override
  public Caller caller() {
    return client.caller();
  }

  // ---- keys

  @Override
  public KeyMetadata createKey(CreateKeyRequest request) {
    return Calls.call(
        () -> KeyCodec.fromProto(kms().createKey(KeyCodec.toProto(request)).getKeyMetadata()));
  }

  @Override
  public KeyMetadata describeKey(String keyId) {
    return Calls.call(() -> KeyCodec.fromProto(kms().describeKey(key(keyId)).getKeyMetadata()));
  }

  @Override
  public List<KeyListEntry> listKeys() {
    return Calls.call(
        () ->
            kms().listKeys(ListKeysRequest.getDefaultInstance()).getKeysList().stream()
                .map(KeyCodec::fromProto)
                .toList());
  }

  @Override
  public KeyMetadata updateKeyDescription(String keyId, String description) {
    return Calls.call(
        () ->
            KeyCodec.fromProto(
                kms()
                    .updateKeyDescription(
                        UpdateKeyDescriptionRequest.newBuilder()
                            .setKeyId(keyId)
                            .setDescription(description)
                            .build())
                    .getKeyMetadata()));
  }

  @Override
  public KeyMetadata enableKey(String keyId) {
    return Calls.call(() -> KeyCodec.fromProto(kms().enableKey(key(keyId)).getKeyMetadata()));
  }

  @Override
  public KeyMetadata disableKey(String keyId) {
    return Calls.call(() -> KeyCodec.fromProto(kms().disableKey(key(keyId)).getKeyMetadata()));
  }

  @Override
  public KeyMetadata scheduleKeyDeletion(String keyId, int pendingWindowInDays) {
    ScheduleKeyDeletionRequest r =
        ScheduleKeyDeletionRequest.newBuilder()
            .setKeyId(keyId)
            .setPendingWindowInDays(pendingWindowInDays)
            .build();
    return Calls.call(() -> KeyCodec.fromProto(kms().scheduleKeyDeletion(r).getKeyMetadata()));
  }

  @Override
  public KeyMetadata cancelKeyDeletion(String keyId) {
    return Calls.call(
        () -> KeyCodec.fromProto(kms().cancelKeyDeletion(key(keyId)).getKeyMetadata()));
  }

  // ---- key policies and grants

  @Override
  public String getKeyPolicy(String keyId) {
    return Calls.call(() -> kms().getKeyPolicy(key(keyId)).getPolicy());
  }

  @Override
  public List<String> listKeyPolicies(String keyId) {
    return Calls.call(() -> List.copyOf(kms().listKeyPolicies(key(keyId)).getPolicyNamesList()));
  }

  @Override
  public void putKeyPolicy(String keyId, String policy, boolean bypassPolicyLockoutSafetyCheck) {
    PutKeyPolicyRequest r =
        PutKeyPolicyRequest.newBuilder()
            .setKeyId(keyId)
            .setPolicy(policy)
            .setBypassPolicyLockoutSafetyCheck(bypassPolicyLockoutSafetyCheck)
            .build();
    Calls.run(() -> kms().putKeyPolicy(r));
  }

  @Override
  public CreatedGrant createGrant(CreateGrantRequest request) {
    return Calls.call(
        () -> {
          var r = kms().createGrant(KeyCodec.toProto(request));
          return new CreatedGrant(r.getGrantId(), r.getGrantToken());
        });
  }

  @Override
  public List<GrantInfo> listGrants(String keyId) {
    return Calls.call(() -> grants(kms().listGrants(key(keyId))));
  }

  @Override
  public List<GrantInfo> listRetirableGrants(Principal retiringPrincipal) {
    ListRetirableGrantsRequest r =
        ListRetirableGrantsRequest.newBuilder()
            .setRetiringPrincipal(retiringPrincipal.name())
            .build();
    return Calls.call(() -> grants(kms().listRetirableGrants(r)));
  }

  private static List<GrantInfo> grants(ListGrantsResponse r) {
    return r.getGrantsList().stream().map(KeyCodec::fromProto).toList();
  }

  @Override
  public void retireGrant(String grantToken) {
    Calls.run(
        () -> kms().retireGrant(RetireGrantRequest.newBuilder().setGrantToken(grantToken).build()));
  }

  @Override
  public void retireGrant(String keyId, String grantId) {
    RetireGrantRequest r =
        RetireGrantRequest.newBuilder()
            .setGrantName(GrantName.newBuilder().setKeyId(keyId).setGrantId(grantId))
            .build();
    Calls.run(() -> kms().retireGrant(r));
  }

  @Override
  public void revokeGrant(String keyId, String grantId) {
    Calls.run(
        () ->
            kms()
                .revokeGrant(
                    RevokeGrantRequest.newBuilder().setKeyId(keyId).setGrantId(grantId).build()));
  }

  // ---- identity policies

  @Override
  public void putPrincipalPolicy(Principal principal, String policyName, String policyDocument) {
    PutPrincipalPolicyRequest r =
        PutPrincipalPolicyRequest.newBuilder()
            .setPrincipal(principal.name())
            .setPolicyName(policyName)
            .setPolicyDocument(policyDocument)
            .build();
    Calls.run(() -> kms().putPrincipalPolicy(r));
  }

  @Override
  public String getPrincipalPolicy(Principal principal, String policyName) {
    return Calls.call(
        () -> kms().getPrincipalPolicy(policy(principal, policyName)).getPolicyDocument());
  }

  @Override
  public List<String> listPrincipalPolicies(Principal principal) {
    ListPrincipalPoliciesRequest r =
        ListPrincipalPoliciesRequest.newBuilder().setPrincipal(principal.name()).build();
    return Calls.call(() -> List.copyOf(kms().listPrincipalPolicies(r).getPolicyNamesList()));
  }

  @Override
  public void deletePrincipalPolicy(Principal principal, String policyName) {
    Calls.run(() -> kms().deletePrincipalPolicy(policy(principal, policyName)));
  }

  private static PrincipalPolicyRequest policy(Principal principal, String policyName) {
    return PrincipalPolicyRequest.newBuilder()
        .setPrincipal(principal.name())
        .setPolicyName(policyName)
        .build();
  }

  // ---- aliases

  @Override
  public AliasEntry createAlias(String aliasName, String targetKeyId) {
    return Calls.call(
        () -> KeyCodec.fromProto(kms().createAlias(alias(aliasName, targetKeyId)).getAlias()));
  }

  @Override
  public AliasEntry updateAlias(String aliasName, String targetKeyId) {
    return Calls.call(
        () -> KeyCodec.fromProto(kms().updateAlias(alias(aliasName, targetKeyId)).getAlias()));
  }

  private static AliasRequest alias(String aliasName, String targetKeyId) {
    return AliasRequest.newBuilder().setAliasName(aliasName).setTargetKeyId(targetKeyId).build();
  }

  @Override
  public void deleteAlias(String aliasName) {
    Calls.run(
        () -> kms().deleteAlias(DeleteAliasRequest.newBuilder().setAliasName(aliasName).build()));
  }

  @Override
  public List<AliasEntry> listAliases() {
    return aliases(ListAliasesRequest.getDefaultInstance());
  }

  @Override
  public List<AliasEntry> listAliases(String keyId) {
    return aliases(ListAliasesRequest.newBuilder().setKeyId(keyId).build());
  }

  private List<AliasEntry> aliases(ListAliasesRequest r) {
    return Calls.call(
        () -> kms().listAliases(r).getAliasesList().stream().map(KeyCodec::fromProto).toList());
  }

  // ---- tags

  @Override
  public void tagResource(TagResourceRequest request) {
    dev.coffer.api.v1.TagResourceRequest.Builder b =
        dev.coffer.api.v1.TagResourceRequest.newBuilder().setKeyId(request.keyId());
    request.tags().forEach((k, v) -> b.addTags(Tag.newBuilder().setTagKey(k).setTagValue(v)));
    Calls.run(() -> kms().tagResource(b.build()));
  }

  @Override
  public void untagResource(UntagResourceRequest request) {
    Calls.run(
        () ->
            kms()
                .untagResource(
                    dev.coffer.api.v1.UntagResourceRequest.newBuilder()
                        .setKeyId(request.keyId())
                        .addAllTagKeys(request.tagKeys())
                        .build()));
  }

  @Override
  public SortedMap<String, String> listResourceTags(String keyId) {
    return Calls.call(
        () -> {
          SortedMap<String, String> tags = new TreeMap<>();
          for (Tag t : kms().listResourceTags(key(keyId)).getTagsList()) {
            tags.put(t.getTagKey(), t.getTagValue());
          }
          return Collections.unmodifiableSortedMap(tags);
        });
  }

  // ---- versions and rotation

  @Override
  public KeyVersionInfo rotateKeyOnDemand(String keyId) {
    return Calls.call(() -> KeyCodec.fromProto(kms().rotateKeyOnDemand(key(keyId)).getVersion()));
  }

  @Override
  public RotationStatus enableKeyRotation(String keyId, int rotationPeriodInDays) {
    EnableKeyRotationRequest r =
        EnableKeyRotationRequest.newBuilder()
            .setKeyId(keyId)
            .setRotationPeriodInDays(rotationPeriodInDays)
            .build();
    return Calls.call(() -> KeyCodec.fromProto(kms().enableKeyRotation(r)));
  }

  @Override
  public RotationStatus disableKeyRotation(String keyId) {
    return Calls.call(() -> KeyCodec.fromProto(kms().disableKeyRotation(key(keyId))));
  }

  @Override
  public RotationStatus getKeyRotationStatus(String keyId) {
    return Calls.call(() -> KeyCodec.fromProto(kms().getKeyRotationStatus(key(keyId))));
  }

  @Override
  public List<KeyRotation> listKeyRotations(String keyId) {
    return Calls.call(
        () ->
            kms().listKeyRotations(key(keyId)).getRotationsList().stream()
                .map(KeyCodec::fromProto)
                .toList());
  }

  @Override
  public KeyMetadata updateMinDecryptionVersion(String keyId, int version) {
    return Calls.call(
        () ->
            KeyCodec.fromProto(
                kms().updateMinDecryptionVersion(version(keyId, version)).getKeyMetadata()));
  }

  @Override
  public KeyMetadata destroyKeyVersion(String keyId, int version) {
    return Calls.call(
        () ->
            KeyCodec.fromProto(kms().destroyKeyVersion(version(keyId, version)).getKeyMetadata()));
  }

  private static KeyVersionRequest version(String keyId, int version) {
    return KeyVersionRequest.newBuilder().setKeyId(keyId).setVersion(version).build();
  }

  // ---- cryptography

  @Override
  public DataKey generateDataKey(GenerateDataKeyRequest request) {
    GenerateDataKeyResponse r =
        Calls.call(() -> kms().generateDataKey(CryptoCodec.toProto(request)));
    return new DataKey(
        Plaintext.adopt(r.getPlaintext().toByteArray()), KeyCodec.fromProto(r.getWrapped()));
  }

  @Override
  public Ciphertext generateDataKeyWithoutPlaintext(GenerateDataKeyRequest request) {
    return Calls.call(
        () ->
            KeyCodec.fromProto(
                kms()
                    .generateDataKeyWithoutPlaintext(CryptoCodec.toProto(request))
                    .getCiphertext()));
  }

  @Override
  public Ciphertext encrypt(EncryptRequest request) {
    return Calls.call(
        () -> KeyCodec.fromProto(kms().encrypt(CryptoCodec.toProto(request)).getCiphertext()));
  }

  @Override
  public Decrypted decrypt(DecryptRequest request) {
    var r = Calls.call(() -> kms().decrypt(CryptoCodec.toProto(request)));
    return new Decrypted(
        Plaintext.adopt(r.getPlaintext().toByteArray()), r.getKeyArn(), r.getKeyVersion());
  }

  @Override
  public ReEncrypted reEncrypt(ReEncryptRequest request) {
    return Calls.call(
        () -> {
          var r = kms().reEncrypt(CryptoCodec.toProto(request));
          return new ReEncrypted(
              KeyCodec.fromProto(r.getCiphertext()), r.getSourceKeyArn(), r.getSourceKeyVersion());
        });
  }
}
