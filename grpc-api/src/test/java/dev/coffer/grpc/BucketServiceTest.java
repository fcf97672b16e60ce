package dev.coffer.grpc;

import static dev.coffer.grpc.SidecarFixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.BucketInfo;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.NotFoundException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BucketService through the Java client: each RPC against a real store. */
class BucketServiceTest {
  @TempDir Path dir;
  SidecarFixture fx;
  ObjectStore s3;
  KeyMetadata key;

  @BeforeEach
  void setUp() {
    fx = new SidecarFixture(dir);
    s3 = fx.client(ROOT).objects();
    key = fx.client(ROOT).keys().createKey(CreateKeyRequest.defaults());
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void createAndList_showTheBucketAsTheEmbeddedApi() {
    BucketInfo created =
        s3.createBucket(CreateBucketRequest.of("alpha", new BucketEncryption(key.arn(), true)));
    BucketInfo managed = s3.createBucket(CreateBucketRequest.of("beta"));
    assertThat(created.owner()).isEqualTo(ROOT);
    assertThat(created.encryption()).isEqualTo(new BucketEncryption(key.arn(), true));
    assertThat(managed.encryption().kmsKeyId()).isNotBlank();
    assertThat(s3.listBuckets()).isEqualTo(fx.embedded(ROOT).listBuckets()).hasSize(2);
    assertThat(s3.caller().principal()).isEqualTo(ROOT);
  }

  @Test
  void creatingABucketTwice_throwsWhatTheEmbeddedApiThrows() {
    s3.createBucket(CreateBucketRequest.of("twice"));
    CofferException local =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            CofferException.class,
            () -> fx.embedded(ROOT).createBucket(CreateBucketRequest.of("twice")));
    assertThatThrownBy(() -> s3.createBucket(CreateBucketRequest.of("twice")))
        .isExactlyInstanceOf(local.getClass())
        .hasMessage(local.getMessage());
  }

  @Test
  void deleteBucket_removesAnEmptyBucket_andRefusesOneWithObjects() {
    s3.createBucket(CreateBucketRequest.of("full"));
    s3.putObject(PutObjectRequest.builder("full", "x").build(), new byte[] {1});
    assertThatThrownBy(() -> s3.deleteBucket("full")).isInstanceOf(CofferException.class);
    s3.deleteObject("full", "x");
    s3.deleteBucket("full");
    assertThat(s3.listBuckets()).isEmpty();
    assertThatThrownBy(() -> s3.getBucketEncryption("full")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void encryption_getAndPut() {
    s3.createBucket(CreateBucketRequest.of("enc"));
    s3.putBucketEncryption("enc", new BucketEncryption(key.keyId(), true));
    assertThat(s3.getBucketEncryption("enc")).isEqualTo(new BucketEncryption(key.arn(), true));
  }

  @Test
  void policy_putGetDelete() {
    s3.createBucket(CreateBucketRequest.of("pol"));
    assertThat(s3.getBucketPolicy("pol")).isEmpty();
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"AWS\":\"arn:aws:iam::000000000000:role/App\"},\"Action\":\"s3:GetObject\","
            + "\"Resource\":\"arn:aws:s3:::pol/*\"}]}";
    s3.putBucketPolicy("pol", policy);
    assertThat(s3.getBucketPolicy("pol")).isEqualTo(fx.embedded(ROOT).getBucketPolicy("pol"));
    assertThat(s3.getBucketPolicy("pol")).isPresent();
    s3.deleteBucketPolicy("pol");
    assertThat(s3.getBucketPolicy("pol")).isEmpty();
  }

  @Test
  void tagging_putAndGet() {
    s3.createBucket(CreateBucketRequest.of("tags"));
    s3.putBucketTagging("tags", Map.of("env", "prod", "team", "ledger"));
    assertThat(s3.getBucketTagging("tags")).isEqualTo(Map.of("env", "prod", "team", "ledger"));
  }
}
