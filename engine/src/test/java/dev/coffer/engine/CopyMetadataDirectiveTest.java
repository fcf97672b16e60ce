package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.maps;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.Principal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** CopyObject's metadata directive (S3's x-amz-metadata-directive): COPY or REPLACE. */
class CopyMetadataDirectiveTest {
  private static final byte[] DATA = {4, 2};

  @TempDir Path dir;
  EngineFixture fx;
  ObjectStore s3;

  @BeforeEach
  void setUp() {
    fx = new EngineFixture(dir);
    s3 = fx.root();
    s3.createBucket(CreateBucketRequest.of("docs"));
    s3.putObject(
        PutObjectRequest.builder("docs", "src")
            .contentType("text/csv")
            .userMetadata("author", "ann")
            .build(),
        DATA);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private static CopyObjectRequest copy(String to, UnaryOperator<PutObjectRequest.Builder> dest) {
    return CopyObjectRequest.of(
        "docs", "src", dest.apply(PutObjectRequest.builder("docs", to)).build());
  }

  private byte[] read(String key) throws IOException {
    try (ObjectContent c = s3.getObject(GetObjectRequest.of("docs", key))) {
      return c.readAllBytes();
    }
  }

  @Test
  void copy_byDefault_keepsTheSourcesMetadata_andAuditsTheDirectiveAsCopy() {
    ObjectInfo copied = s3.copyObject(copy("dst", b -> b));
    Map<String, String> audited = fx.lastEngineEvent().requestParameters();

    assertThat(copied.contentType()).isEqualTo("text/csv");
    assertThat(copied.userMetadata()).isEqualTo(Map.of("author", "ann"));
    assertThat(s3.headObject("docs", "dst").contentType()).isEqualTo("text/csv");
    assertThat(audited).containsEntry("metadataDirective", "COPY");
  }

  @Test
  void copy_withReplace_storesTheRequestsMetadata_andLeavesTheSourceUnchanged() throws IOException {
    ObjectInfo copied =
        s3.copyObject(
            copy("dst", b -> b.contentType("text/plain").userMetadata("reviewed", "yes"))
                .replacingMetadata());
    Map<String, String> audited = fx.lastEngineEvent().requestParameters();

    ObjectInfo stored = s3.headObject("docs", "dst");
    assertThat(copied.contentType()).isEqualTo("text/plain");
    assertThat(stored.contentType()).isEqualTo("text/plain");
    assertThat(stored.userMetadata()).isEqualTo(Map.of("reviewed", "yes"));
    assertThat(read("dst")).isEqualTo(DATA);
    assertThat(audited).containsEntry("metadataDirective", "REPLACE");
    ObjectInfo source = s3.headObject("docs", "src");
    assertThat(source.contentType()).isEqualTo("text/csv");
    assertThat(source.userMetadata()).isEqualTo(Map.of("author", "ann"));
  }

  @Test
  void copy_withReplace_andNoMetadata_givesTheDefaultContentType_andNoUserMetadata() {
    s3.copyObject(copy("dst", b -> b).withMetadataDirective(MetadataDirective.REPLACE));

    ObjectInfo stored = s3.headObject("docs", "dst");
    assertThat(stored.contentType()).isEqualTo(PutObjectRequest.DEFAULT_CONTENT_TYPE);
    assertThat(stored.userMetadata()).isEmpty();
  }

  @Test
  void copy_withCopy_andAContentTypeOrUserMetadata_isRefused_beforeAnyKeystoreCall() {
    long calls = fx.keystoreCalls();
    for (CopyObjectRequest refused :
        new CopyObjectRequest[] {
          copy("dst", b -> b.contentType("text/plain")),
          copy("dst", b -> b.userMetadata("reviewed", "yes")),
          copy("dst", b -> b.userMetadata("reviewed", "yes"))
              .replacingMetadata()
              .withMetadataDirective(MetadataDirective.COPY)
        }) {
      assertThatThrownBy(() -> s3.copyObject(refused))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("REPLACE");
      assertThat(fx.lastEngineEvent().outcome()).isEqualTo(AuditOutcome.ERROR);
      assertThat(fx.lastEngineEvent().errorCode()).contains(ErrorCode.INVALID_ARGUMENT);
      assertThat(fx.lastEngineEvent().requestParameters())
          .containsEntry("metadataDirective", "COPY");
    }
    assertThat(fx.keystoreCalls()).isEqualTo(calls);
    assertThatThrownBy(() -> s3.headObject("docs", "dst")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void anyMetadata_isStoredExactlyWithReplace_andRefusedWithCopy_leavingTheSourceAsItWas() {
    qt().withExamples(40)
        .forAll(
            strings().betweenCodePoints(0x20, 0x7e).ofLengthBetween(1, 40),
            maps()
                .of(
                    strings().basicLatinAlphabet().ofLengthBetween(1, 16),
                    strings().betweenCodePoints(0x20, 0xD7FF).ofLengthBetween(0, 24))
                .ofSizeBetween(0, 6))
        .checkAssert(
            (type, metadata) -> {
              PutObjectRequest.Builder dest =
                  PutObjectRequest.builder("docs", "dst").contentType(type);
              metadata.forEach(dest::userMetadata);
              CopyObjectRequest request = CopyObjectRequest.of("docs", "src", dest.build());

              ObjectInfo replaced = s3.copyObject(request.replacingMetadata());
              assertThat(s3.headObject("docs", "dst").contentType()).isEqualTo(type);
              assertThat(s3.headObject("docs", "dst").userMetadata()).isEqualTo(metadata);
              boolean namesNone =
                  type.equals(PutObjectRequest.DEFAULT_CONTENT_TYPE) && metadata.isEmpty();
              if (namesNone) {
                assertThat(s3.copyObject(request).contentType()).isEqualTo("text/csv");
              } else {
                assertThatThrownBy(() -> s3.copyObject(request))
                    .isInstanceOf(InvalidArgumentException.class);
                assertThat(s3.headObject("docs", "dst").etag()).isEqualTo(replaced.etag());
              }
              assertThat(s3.headObject("docs", "src").userMetadata())
                  .isEqualTo(Map.of("author", "ann"));
            });
  }

  @ParameterizedTest
  @EnumSource(MetadataDirective.class)
  void copy_ontoItself_reEncryptsUnderTheNewPrimaryVersion_keepingItsData(
      MetadataDirective directive) throws IOException {
    ObjectInfo before = s3.headObject("docs", "src");
    fx.kms().rotateKeyOnDemand(before.kmsKeyArn());

    ObjectInfo after =
        s3.copyObject(
            CopyObjectRequest.of("docs", "src", PutObjectRequest.builder("docs", "src").build())
                .withMetadataDirective(directive));

    assertThat(after.kmsKeyVersion()).isEqualTo(before.kmsKeyVersion() + 1);
    assertThat(after.versionId()).isNotEqualTo(before.versionId());
    assertThat(after.etag()).isNotEqualTo(before.etag());
    assertThat(read("src")).isEqualTo(DATA);
    assertThat(s3.headObject("docs", "src").contentType())
        .isEqualTo(directive == MetadataDirective.COPY ? "text/csv" : "binary/octet-stream");
  }

  @Test
  void copy_ontoItself_withReplace_changesOnlyItsMetadata() throws IOException {
    s3.copyObject(
        CopyObjectRequest.of(
                "docs",
                "src",
                PutObjectRequest.builder("docs", "src")
                    .contentType("text/plain")
                    .userMetadata("author", "bob")
                    .build())
            .replacingMetadata());

    ObjectInfo stored = s3.headObject("docs", "src");
    assertThat(stored.contentType()).isEqualTo("text/plain");
    assertThat(stored.userMetadata()).isEqualTo(Map.of("author", "bob"));
    assertThat(read("src")).isEqualTo(DATA);
  }

  @Test
  void aBucketPolicy_canDenyReplace_andStillAllowCopyAndPlainPuts() {
    s3.putBucketPolicy(
        "docs",
        """
        {"Version": "2012-10-17",
         "Statement": [{"Sid": "KeepMetadata", "Effect": "Deny", "Principal": "*",
                        "Action": "s3:PutObject", "Resource": "arn:aws:s3:::docs/*",
                        "Condition": {"StringEquals": {"s3:x-amz-metadata-directive": "REPLACE"}}}]}
        """);

    assertThatThrownBy(
            () -> s3.copyObject(copy("dst", b -> b.contentType("text/plain")).replacingMetadata()))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("KeepMetadata");
    assertThat(fx.lastEngineEvent().outcome()).isEqualTo(AuditOutcome.DENIED);
    assertThat(fx.lastEngineEvent().requestParameters())
        .containsEntry("metadataDirective", "REPLACE");
    assertThat(s3.copyObject(copy("dst", b -> b)).contentType()).isEqualTo("text/csv");
    s3.putObject(PutObjectRequest.builder("docs", "plain").build(), DATA);
  }

  @Test
  void anIdentityPolicy_canAllowOnlyCopiesThatKeepTheSourcesMetadata() {
    Principal copier = Principal.of("arn:aws:iam::000000000000:role/Copier");
    fx.kms()
        .putPrincipalPolicy(
            copier,
            "CopyKeepingMetadata",
            """
            {"Version": "2012-10-17",
             "Statement": [
               {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::docs/*"},
               {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::docs/*",
                "Condition": {"StringEquals": {"s3:x-amz-metadata-directive": "COPY"}}},
               {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                "Resource": "*"}]}
            """);
    ObjectStore asCopier = fx.as(copier);

    assertThat(asCopier.copyObject(copy("kept", b -> b)).contentType()).isEqualTo("text/csv");
    assertThatThrownBy(() -> asCopier.copyObject(copy("replaced", b -> b).replacingMetadata()))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("s3:PutObject");
    assertThatThrownBy(
            () -> asCopier.putObject(PutObjectRequest.builder("docs", "put").build(), DATA))
        .as("a plain put has no metadata directive")
        .isInstanceOf(AccessDeniedException.class);
  }
}
