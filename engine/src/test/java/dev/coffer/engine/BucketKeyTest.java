package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.format.v1.ObjectRecord;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.KeyMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BucketKeyTest {
  @TempDir Path dir;
  EngineFixture fx;
  ObjectStore s3;
  KeyMetadata key;

  @BeforeEach
  void setUp() {
    fx = new EngineFixture(dir);
    s3 = fx.root();
    key = fx.kms().createKey(CreateKeyRequest.defaults());
    s3.createBucket(CreateBucketRequest.of("bkt", new BucketEncryption(key.arn(), true)));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private ObjectRecord record(String k) throws Exception {
    return ObjectRecord.parseFrom(
        EngineInspector.get(fx, "OBJECTS", EngineInspector.objectRow("bkt", k)));
  }

  private static byte[] read(ObjectStore s3, String k) throws IOException {
    try (ObjectContent c = s3.getObject(GetObjectRequest.of("bkt", k))) {
      return c.readAllBytes();
    }
  }

  @Test
  void hundredThousandPuts_makeAHandfulOfKeystoreCalls_andEveryObjectHasItsOwnKey()
      throws Exception {
    long before = fx.keystoreCalls();
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      s3.putObject(PutObjectRequest.builder("bkt", "o" + i).build(), new byte[] {(byte) i});
    }
    long calls = fx.keystoreCalls() - before;
    assertThat(calls).as("keystore calls for %d bucket-key puts", n).isLessThanOrEqualTo(3);
    Set<String> salts = new HashSet<>();
    Set<String> bucketKeys = new HashSet<>();
    for (int i = 0; i < n; i += 97) {
      ObjectRecord r = record("o" + i);
      salts.add(HexFormat.of().formatHex(r.getBucketKey().getSalt().toByteArray()));
      bucketKeys.add(HexFormat.of().formatHex(r.getBucketKey().getBucketKeyId().toByteArray()));
    }
    assertThat(salts).hasSize((n + 96) / 97);
    assertThat(bucketKeys).hasSize(1);
    assertThat(read(s3, "o12345")).containsExactly((byte) 12345);
    assertThat(s3.headObject("bkt", "o1").encryptionContext().asMap())
        .containsEntry("aws:s3:arn", "arn:aws:s3:::bkt");
  }

  @Test
  void rotation_isPickedUpAtOnce() throws Exception {
    s3.putObject(PutObjectRequest.builder("bkt", "before").build(), new byte[] {1});
    fx.kms().rotateKeyOnDemand(key.keyId());
    s3.putObject(PutObjectRequest.builder("bkt", "after").build(), new byte[] {2});
    assertThat(record("before").getKmsKeyVersion()).isEqualTo(1);
    assertThat(record("after").getKmsKeyVersion()).isEqualTo(2);
    assertThat(record("after").getBucketKey().getBucketKeyId())
        .isNotEqualTo(record("before").getBucketKey().getBucketKeyId());
    assertThat(read(s3, "before")).containsExactly(1);
  }

  @Test
  void lifetimeAndUseLimits_bringANewBucketKey() throws Exception {
    s3.putObject(PutObjectRequest.builder("bkt", "t0").build(), new byte[] {1});
    fx.clock.advance(Coffer.DEFAULT_BUCKET_KEY_LIFETIME.plus(Duration.ofSeconds(1)));
    s3.putObject(PutObjectRequest.builder("bkt", "t1").build(), new byte[] {1});
    assertThat(record("t1").getBucketKey().getBucketKeyId())
        .isNotEqualTo(record("t0").getBucketKey().getBucketKeyId());
  }

  @Test
  void aDisabledKey_stopsGetsEvenWithACachedBucketKey_andEnablingRestoresThem() throws Exception {
    s3.putObject(PutObjectRequest.builder("bkt", "x").build(), new byte[] {7});
    assertThat(read(s3, "x")).containsExactly(7);
    fx.kms().disableKey(key.keyId());
    assertThatThrownBy(() -> read(s3, "x"))
        .isInstanceOf(CofferException.class)
        .satisfies(
            e -> assertThat(((CofferException) e).errorCode()).isEqualTo(ErrorCode.KEY_DISABLED));
    assertThatThrownBy(
            () -> s3.putObject(PutObjectRequest.builder("bkt", "y").build(), new byte[] {1}))
        .isInstanceOf(CofferException.class)
        .satisfies(
            e -> assertThat(((CofferException) e).errorCode()).isEqualTo(ErrorCode.KEY_DISABLED));
    fx.kms().enableKey(key.keyId());
    assertThat(read(s3, "x")).containsExactly(7);
  }

  @Test
  void aDestroyedKey_leavesItsObjectsUnreadable_withAClearError() throws Exception {
    s3.putObject(PutObjectRequest.builder("bkt", "gone").build(), new byte[] {7});
    fx.kms().scheduleKeyDeletion(key.keyId(), 7);
    fx.clock.advance(Duration.ofDays(8));
    assertThatThrownBy(() -> read(s3, "gone"))
        .isInstanceOf(CofferException.class)
        .satisfies(
            e -> assertThat(((CofferException) e).errorCode()).isEqualTo(ErrorCode.KEY_DESTROYED))
        .hasMessageContaining("Destroyed");
  }

  @Test
  void head_makesNoKeystoreCall() {
    s3.putObject(
        PutObjectRequest.builder("bkt", "h").contentType("text/plain").build(), new byte[] {1});
    s3.createBucket(CreateBucketRequest.of("plain"));
    s3.putObject(PutObjectRequest.builder("plain", "h").build(), new byte[] {1});
    long before = fx.keystoreCalls();
    for (int i = 0; i < 10; i++) {
      assertThat(s3.headObject("bkt", "h").contentType()).isEqualTo("text/plain");
      assertThat(s3.headObject("plain", "h").bucketKeyEnabled()).isFalse();
    }
    assertThat(fx.keystoreCalls()).isEqualTo(before);
    assertThat(fx.lastEngineEvent().eventName()).isEqualTo("HeadObject");
  }

  @Test
  void withoutABucketKey_eachPutAndGetCallsTheKeystoreOnce() throws IOException {
    s3.createBucket(CreateBucketRequest.of("direct", new BucketEncryption(key.arn(), false)));
    long before = fx.keystoreCalls();
    s3.putObject(PutObjectRequest.builder("direct", "d").build(), new byte[] {3});
    assertThat(fx.keystoreCalls() - before).isEqualTo(1);
    try (ObjectContent c = s3.getObject(GetObjectRequest.of("direct", "d"))) {
      assertThat(c.readAllBytes()).containsExactly(3);
    }
    assertThat(fx.keystoreCalls() - before).isEqualTo(2);
    assertThat(fx.audit.events())
        .filteredOn(e -> e.eventSource().equals("keystore"))
        .last()
        .satisfies(e -> assertThat(e.caller().viaService()).contains("s3.local.amazonaws.com"));
  }
}
