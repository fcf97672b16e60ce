package dev.coffer.grpc.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.coffer.api.v1.AliasRequest;
import dev.coffer.api.v1.AliasResponse;
import dev.coffer.api.v1.CiphertextResponse;
import dev.coffer.api.v1.CreateGrantRequest;
import dev.coffer.api.v1.CreateGrantResponse;
import dev.coffer.api.v1.CreateKeyRequest;
import dev.coffer.api.v1.DecryptRequest;
import dev.coffer.api.v1.DecryptResponse;
import dev.coffer.api.v1.DeleteAliasRequest;
import dev.coffer.api.v1.EnableKeyRotationRequest;
import dev.coffer.api.v1.EncryptRequest;
import dev.coffer.api.v1.GenerateDataKeyRequest;
import dev.coffer.api.v1.GenerateDataKeyResponse;
import dev.coffer.api.v1.KeyMetadataResponse;
import dev.coffer.api.v1.KeyPolicyResponse;
import dev.coffer.api.v1.KeyRequest;
import dev.coffer.api.v1.KeyServiceGrpc;
import dev.coffer.api.v1.KeyVersionRequest;
import dev.coffer.api.v1.KeyVersionResponse;
import dev.coffer.api.v1.ListAliasesRequest;
import dev.coffer.api.v1.ListAliasesResponse;
import dev.coffer.api.v1.ListGrantsResponse;
import dev.coffer.api.v1.ListKeyPoliciesResponse;
import dev.coffer.api.v1.ListKeyRotationsResponse;
import dev.coffer.api.v1.ListKeysRequest;
import dev.coffer.api.v1.ListKeysResponse;
import dev.coffer.api.v1.ListPrincipalPoliciesRequest;
import dev.coffer.api.v1.ListPrincipalPoliciesResponse;
import dev.coffer.api.v1.ListResourceTagsResponse;
import dev.coffer.api.v1.ListRetirableGrantsRequest;
import dev.coffer.api.v1.PrincipalPolicyRequest;
import dev.coffer.api.v1.PrincipalPolicyResponse;
import dev.coffer.api.v1.PutKeyPolicyRequest;
import dev.coffer.api.v1.PutPrincipalPolicyRequest;
import dev.coffer.api.v1.ReEncryptRequest;
import dev.coffer.api.v1.ReEncryptResponse;
import dev.coffer.api.v1.RetireGrantRequest;
import dev.coffer.api.v1.RevokeGrantRequest;
import dev.coffer.api.v1.RotationStatusResponse;
import dev.coffer.api.v1.ScheduleKeyDeletionRequest;
import dev.coffer.api.v1.Tag;
import dev.coffer.api.v1.UpdateKeyDescriptionRequest;
import dev.coffer.engine.Coffer;
import dev.coffer.keystore.AliasEntry;
import dev.coffer.keystore.CreatedGrant;
import dev.coffer.keystore.DataKey;
import dev.coffer.keystore.Decrypted;
import dev.coffer.keystore.GrantInfo;
import dev.coffer.keystore.InsecureSecretAccess;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.ReEncrypted;
import io.grpc.stub.StreamObserver;
import java.util.Arrays;
import java.util.List;

/**
 * KeyService: the keystore's KMS operations as the authenticated caller. Plaintext (data keys,
 * Decrypt results) leaves only in the response message; the server's copies are zeroed.
 */
public final class KeyServiceImpl extends KeyServiceGrpc.KeyServiceImplBase {
  private static final Empty EMPTY = Empty.getDefaultInstance();

  private final Coffer coffer;
  private final RequestConverter requests;

  public KeyServiceImpl(Coffer coffer) {
    this.coffer = coffer;
    this.requests = RequestConverter.recordingTo(coffer);
  }

  private KeyService kms() {
    return coffer.keystore().as(Callers.current());
  }

  private static KeyMetadataResponse metadata(KeyMetadata k) {
    return KeyMetadataResponse.newBuilder().setKeyMetadata(KeyCodec.toProto(k)).build();
  }

  // ---- keys

  @Override
  public void createKey(CreateKeyRequest r, StreamObserver<KeyMetadataResponse> out) {
    Unary.answer(out, () -> metadata(kms().createKey(requests.createKey(r))));
  }

  @Override
  public void describeKey(KeyRequest r, StreamObserver<KeyMetadataResponse> out) {
    Unary.answer(out, () -> metadata(kms().describeKey(r.getKeyId())));
  }

  @Override
  public void listKeys(ListKeysRequest r, StreamObserver<ListKeysResponse> out) {
    Unary.answer(
        out,
        () -> {
          ListKeysResponse.Builder b = ListKeysResponse.newBuilder();
          kms().listKeys().forEach(k -> b.addKeys(KeyCodec.toProto(k)));
          return b.build();
        });
  }

  @Override
  public void updateKeyDescription(
      UpdateKeyDescriptionRequest r, StreamObserver<KeyMetadataResponse> out) {
    Unary.answer(out, () -> metadata(kms().updateKeyDescription(r.getKeyId(), r.getDescription())));
  }

  @Override
  public void enableKey(KeyRequest r, StreamObserver<KeyMetadataResponse> out) {
    Unary.answer(out, () -> metadata(kms().enableKey(r.getKeyId())));
  }

  @Override
  public void disableKey(KeyRequest r, StreamObserver<KeyMetadataResponse> out) {
    Unary.answer(out, () -> metadata(kms().disableKey(r.getKeyId())));
  }

  @Override
  public void scheduleKeyDeletion(
      ScheduleKeyDeletionRequest r, StreamObserver<KeyMetadataResponse> out) {
    Unary.answer(
        out, () -> metadata(kms().scheduleKeyDeletion(r.getKeyId(), r.getPendingWindowInDays())));
  }

  @Override
  public void cancelKeyDeletion(KeyRequest r, StreamObserver<KeyMetadataResponse> out) {
    Unary.answer(out, () -> metadata(kms().cancelKeyDeletion(r.getKeyId())));
  }

  // ---- key policies

  @Override
  public void getKeyPolicy(KeyRequest r, StreamObserver<KeyPolicyResponse> out) {
    Unary.answer(
        out,
        () -> KeyPolicyResponse.newBuilder().setPolicy(kms().getKeyPolicy(r.getKeyId())).build());
  }

  @Override
  public void listKeyPolicies(KeyRequest r, StreamObserver<ListKeyPoliciesResponse> out) {
    Unary.answer(
        out,
        () ->
            ListKeyPoliciesResponse.newBuilder()
                .addAllPolicyNames(kms().listKeyPolicies(r.getKeyId()))
                .build());
  }

  @Override
  public void putKeyPolicy(PutKeyPolicyRequest r, StreamObserver<Empty> out) {
    Unary.run(
        out,
        EMPTY,
        () ->
            kms().putKeyPolicy(r.getKeyId(), r.getPolicy(), r.getBypassPolicyLockoutSafetyCheck()));
  }

  // ---- grants

  @Override
  public void createGrant(CreateGrantRequest r, StreamObserver<CreateGrantResponse> out) {
    Unary.answer(
        out,
        () -> {
          CreatedGrant grant = kms().createGrant(requests.createGrant(r));
          return CreateGrantResponse.newBuilder()
              .setGrantId(grant.grantId())
              .setGrantToken(grant.grantToken())
              .build();
        });
  }

  @Override
  public void listGrants(KeyRequest r, StreamObserver<ListGrantsResponse> out) {
    Unary.answer(out, () -> grants(kms().listGrants(r.getKeyId())));
  }

  @Override
  public void listRetirableGrants(
      ListRetirableGrantsRequest r, StreamObserver<ListGrantsResponse> out) {
    Unary.answer(out, () -> grants(kms().listRetirableGrants(requests.listRetirableGrants(r))));
  }

  private static ListGrantsResponse grants(List<GrantInfo> grants) {
    ListGrantsResponse.Builder b = ListGrantsResponse.newBuilder();
    grants.forEach(g -> b.addGrants(KeyCodec.toProto(g)));
    return b.build();
  }

  @Override
  public void retireGrant(RetireGrantRequest r, StreamObserver<Empty> out) {
    Unary.run(
        out,
        EMPTY,
        () -> {
          RetireGrantRequest grant = requests.retireGrant(r);
          if (grant.hasGrantToken()) {
            kms().retireGrant(grant.getGrantToken());
          } else {
            kms().retireGrant(grant.getGrantName().getKeyId(), grant.getGrantName().getGrantId());
          }
        });
  }

  @Override
  public void revokeGrant(RevokeGrantRequest r, StreamObserver<Empty> out) {
    Unary.run(out, EMPTY, () -> kms().revokeGrant(r.getKeyId(), r.getGrantId()));
  }

  // ---- identity policies

  @Override
  public void putPrincipalPolicy(PutPrincipalPolicyRequest r, StreamObserver<Empty> out) {
    Unary.run(
        out,
        EMPTY,
        () ->
            kms()
                .putPrincipalPolicy(
                    requests.putPrincipalPolicy(r), r.getPolicyName(), r.getPolicyDocument()));
  }

  @Override
  public void getPrincipalPolicy(
      PrincipalPolicyRequest r, StreamObserver<PrincipalPolicyResponse> out) {
    Unary.answer(
        out,
        () ->
            PrincipalPolicyResponse.newBuilder()
                .setPolicyDocument(
                    kms().getPrincipalPolicy(requests.getPrincipalPolicy(r), r.getPolicyName()))
                .build());
  }

  @Override
  public void listPrincipalPolicies(
      ListPrincipalPoliciesRequest r, StreamObserver<ListPrincipalPoliciesResponse> out) {
    Unary.answer(
        out,
        () ->
            ListPrincipalPoliciesResponse.newBuilder()
                .addAllPolicyNames(kms().listPrincipalPolicies(requests.listPrincipalPolicies(r)))
                .build());
  }

  @Override
  public void deletePrincipalPolicy(PrincipalPolicyRequest r, StreamObserver<Empty> out) {
    Unary.run(
        out,
        EMPTY,
        () -> kms().deletePrincipalPolicy(requests.deletePrincipalPolicy(r), r.getPolicyName()));
  }

  // ---- aliases

  @Override
  public void createAlias(AliasRequest r, StreamObserver<AliasResponse> out) {
    Unary.answer(out, () -> alias(kms().createAlias(r.getAliasName(), r.getTargetKeyId())));
  }

  @Override
  public void updateAlias(AliasRequest r, StreamObserver<AliasResponse> out) {
    Unary.answer(out, () -> alias(kms().updateAlias(r.getAliasName(), r.getTargetKeyId())));
  }

  private static AliasResponse alias(AliasEntry a) {
    return AliasResponse.newBuilder().setAlias(KeyCodec.toProto(a)).build();
  }

  @Override
  public void deleteAlias(DeleteAliasRequest r, StreamObserver<Empty> out) {
    Unary.run(out, EMPTY, () -> kms().deleteAlias(r.getAliasName()));
  }

  @Override
  public void listAliases(ListAliasesRequest r, StreamObserver<ListAliasesResponse> out) {
    Unary.answer(
        out,
        () -> {
          List<AliasEntry> aliases =
              r.hasKeyId() ? kms().listAliases(r.getKeyId()) : kms().listAliases();
          ListAliasesResponse.Builder b = ListAliasesResponse.newBuilder();
          aliases.forEach(a -> b.addAliases(KeyCodec.toProto(a)));
          return b.build();
        });
  }

  // ---- tags

  @Override
  public void tagResource(dev.coffer.api.v1.TagResourceRequest r, StreamObserver<Empty> out) {
    Unary.run(out, EMPTY, () -> kms().tagResource(requests.tagResource(r)));
  }

  @Override
  public void untagResource(dev.coffer.api.v1.UntagResourceRequest r, StreamObserver<Empty> out) {
    Unary.run(out, EMPTY, () -> kms().untagResource(requests.untagResource(r)));
  }

  @Override
  public void listResourceTags(KeyRequest r, StreamObserver<ListResourceTagsResponse> out) {
    Unary.answer(
        out,
        () -> {
          ListResourceTagsResponse.Builder b = ListResourceTagsResponse.newBuilder();
          kms()
              .listResourceTags(r.getKeyId())
              .forEach((k, v) -> b.addTags(Tag.newBuilder().setTagKey(k).setTagValue(v)));
          return b.build();
        });
  }

  // ---- versions and rotation

  @Override
  public void rotateKeyOnDemand(KeyRequest r, StreamObserver<KeyVersionResponse> out) {
    Unary.answer(
        out,
        () ->
            KeyVersionResponse.newBuilder()
                .setVersion(KeyCodec.toProto(kms().rotateKeyOnDemand(r.getKeyId())))
                .build());
  }

  @Override
  public void enableKeyRotation(
      EnableKeyRotationRequest r, StreamObserver<RotationStatusResponse> out) {
    Unary.answer(
        out,
        () -> KeyCodec.toProto(kms().enableKeyRotation(r.getKeyId(), r.getRotationPeriodInDays())));
  }

  @Override
  public void disableKeyRotation(KeyRequest r, StreamObserver<RotationStatusResponse> out) {
    Unary.answer(out, () -> KeyCodec.toProto(kms().disableKeyRotation(r.getKeyId())));
  }

  @Override
  public void getKeyRotationStatus(KeyRequest r, StreamObserver<RotationStatusResponse> out) {
    Unary.answer(out, () -> KeyCodec.toProto(kms().getKeyRotationStatus(r.getKeyId())));
  }

  @Override
  public void listKeyRotations(KeyRequest r, StreamObserver<ListKeyRotationsResponse> out) {
    Unary.answer(
        out,
        () -> {
          ListKeyRotationsResponse.Builder b = ListKeyRotationsResponse.newBuilder();
          kms().listKeyRotations(r.getKeyId()).forEach(k -> b.addRotations(KeyCodec.toProto(k)));
          return b.build();
        });
  }

  @Override
  public void updateMinDecryptionVersion(
      KeyVersionRequest r, StreamObserver<KeyMetadataResponse> out) {
    Unary.answer(
        out, () -> metadata(kms().updateMinDecryptionVersion(r.getKeyId(), r.getVersion())));
  }

  @Override
  public void destroyKeyVersion(KeyVersionRequest r, StreamObserver<KeyMetadataResponse> out) {
    Unary.answer(out, () -> metadata(kms().destroyKeyVersion(r.getKeyId(), r.getVersion())));
  }

  // ---- cryptography

  @Override
  public void generateDataKey(
      GenerateDataKeyRequest r, StreamObserver<GenerateDataKeyResponse> out) {
    Unary.answer(
        out,
        () -> {
          try (DataKey key = kms().generateDataKey(requests.generateDataKey(r))) {
            return GenerateDataKeyResponse.newBuilder()
                .setPlaintext(secret(key.plaintext().borrow(InsecureSecretAccess.get())))
                .setWrapped(KeyCodec.toProto(key.wrapped()))
                .build();
          }
        });
  }

  @Override
  public void generateDataKeyWithoutPlaintext(
      GenerateDataKeyRequest r, StreamObserver<CiphertextResponse> out) {
    Unary.answer(
        out,
        () ->
            CiphertextResponse.newBuilder()
                .setCiphertext(
                    KeyCodec.toProto(
                        kms()
                            .generateDataKeyWithoutPlaintext(
                                requests.generateDataKeyWithoutPlaintext(r))))
                .build());
  }

  @Override
  public void encrypt(EncryptRequest r, StreamObserver<CiphertextResponse> out) {
    Unary.answer(
        out,
        () -> {
          byte[] plaintext = r.getPlaintext().toByteArray();
          try {
            return CiphertextResponse.newBuilder()
                .setCiphertext(KeyCodec.toProto(kms().encrypt(requests.encrypt(r, plaintext))))
                .build();
          } finally {
            Arrays.fill(plaintext, (byte) 0);
          }
        });
  }

  @Override
  public void decrypt(DecryptRequest r, StreamObserver<DecryptResponse> out) {
    Unary.answer(
        out,
        () -> {
          try (Decrypted d = kms().decrypt(requests.decrypt(r))) {
            return DecryptResponse.newBuilder()
                .setPlaintext(secret(d.plaintext().borrow(InsecureSecretAccess.get())))
                .setKeyArn(d.keyArn())
                .setKeyVersion(d.keyVersion())
                .build();
          }
        });
  }

  @Override
  public void reEncrypt(ReEncryptRequest r, StreamObserver<ReEncryptResponse> out) {
    Unary.answer(
        out,
        () -> {
          ReEncrypted re = kms().reEncrypt(requests.reEncrypt(r));
          return ReEncryptResponse.newBuilder()
              .setCiphertext(KeyCodec.toProto(re.ciphertext()))
              .setSourceKeyArn(re.sourceKeyArn())
              .setSourceKeyVersion(re.sourceKeyVersion())
              .build();
        });
  }

  /** A copy for the response message; the keystore's array is zeroed when its owner closes. */
  private static ByteString secret(byte[] borrowed) {
    return ByteString.copyFrom(borrowed);
  }
}
