package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ciphers' background warm-up starts with the first large object, not at open: a process that
 * moves only small objects never pays for it.
 */
class CryptoWarmupTest {
  private static final int MIB = 1024 * 1024;

  @TempDir Path dir;

  private EngineFixture open(boolean warmUp) {
    return new EngineFixture(dir, b -> b.segmentSize(64 * 1024).warmUpCrypto(warmUp));
  }

  @Test
  void smallObjects_putAndGot_neverStartIt() throws IOException {
    try (EngineFixture fx = open(true)) {
      fx.root().createBucket(CreateBucketRequest.of("objects"));
      fx.root()
          .putObject(
              PutObjectRequest.builder("objects", "tiny").build(),
              "hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      fx.root().putObject(PutObjectRequest.builder("objects", "almost").build(), new byte[MIB - 1]);
      try (ObjectContent c = fx.root().getObject(GetObjectRequest.of("objects", "almost"))) {
        c.readAllBytes();
      }

      assertThat(EngineInspector.cryptoWarmUpStarted(fx.coffer())).isFalse();
    }
  }

  @Test
  void aLargePut_whoseStreamSaysItsSize_startsIt_beforeItsDataIsRead() {
    try (EngineFixture fx = open(true)) {
      fx.root().createBucket(CreateBucketRequest.of("objects"));
      List<Boolean> startedAtEachRead = new ArrayList<>();

      fx.root()
          .putObject(
              PutObjectRequest.builder("objects", "large").build(),
              watching(new ByteArrayInputStream(new byte[MIB]), fx, startedAtEachRead, true));

      assertThat(startedAtEachRead).isNotEmpty().allMatch(started -> started);
    }
  }

  @Test
  void aLargePut_ofUnknownLength_startsIt_onceAMebibyteHasBeenRead() {
    try (EngineFixture fx = open(true)) {
      fx.root().createBucket(CreateBucketRequest.of("objects"));
      List<Boolean> startedAtEachRead = new ArrayList<>();

      fx.root()
          .putObject(
              PutObjectRequest.builder("objects", "large").build(),
              watching(new ByteArrayInputStream(new byte[2 * MIB]), fx, startedAtEachRead, false));

      assertThat(startedAtEachRead.get(0)).isFalse();
      assertThat(EngineInspector.cryptoWarmUpStarted(fx.coffer())).isTrue();
    }
  }

  @Test
  void aLargeGet_startsIt_butARangeOfAFewBytesOfItDoesNot() throws IOException {
    try (EngineFixture fx = open(false)) {
      fx.root().createBucket(CreateBucketRequest.of("objects"));
      fx.root().putObject(PutObjectRequest.builder("objects", "large").build(), new byte[2 * MIB]);
    }
    try (EngineFixture fx = open(true)) {
      try (ObjectContent c =
          fx.root().getObject(GetObjectRequest.of("objects", "large").range(0, 9))) {
        c.readAllBytes();
      }
      assertThat(EngineInspector.cryptoWarmUpStarted(fx.coffer())).isFalse();

      fx.root().getObject(GetObjectRequest.of("objects", "large")).close();

      assertThat(EngineInspector.cryptoWarmUpStarted(fx.coffer())).isTrue();
    }
  }

  @Test
  void turnedOff_aLargeObjectDoesNotStartIt() throws IOException {
    try (EngineFixture fx = open(false)) {
      fx.root().createBucket(CreateBucketRequest.of("objects"));
      fx.root().putObject(PutObjectRequest.builder("objects", "large").build(), new byte[2 * MIB]);
      fx.root().getObject(GetObjectRequest.of("objects", "large")).close();

      assertThat(EngineInspector.cryptoWarmUpStarted(fx.coffer())).isFalse();
    }
  }

  /**
   * {@code in}, noting at each read whether the warm-up had started; saying its size through
   * available() as a file's stream does, or nothing, as a pipe's may.
   */
  private static InputStream watching(
      InputStream in, EngineFixture fx, List<Boolean> startedAtEachRead, boolean saysItsSize) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        startedAtEachRead.add(EngineInspector.cryptoWarmUpStarted(fx.coffer()));
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        startedAtEachRead.add(EngineInspector.cryptoWarmUpStarted(fx.coffer()));
        return in.read(b, off, len);
      }

      @Override
      public int available() throws IOException {
        return saysItsSize ? in.available() : 0;
      }
    };
  }
}
