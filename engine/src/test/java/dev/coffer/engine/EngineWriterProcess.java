package dev.coffer.engine;

import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import java.nio.file.Path;

/**
 * Child process for the engine crash test: puts objects as fast as it can, alternating small and
 * multi-segment ones with contents derived from their number, and prints {@code ACK n} after each
 * put returns. Only the first {@link #LOGGED_BYTES} of an object go through the write-ahead log, so
 * the larger objects also take the unlogged path (segments flushed before the record commits).
 */
public final class EngineWriterProcess {
  static final int LOGGED_BYTES = 4 * EngineFixture.SEGMENT;

  private EngineWriterProcess() {}

  public static void main(String[] args) {
    Coffer coffer =
        Coffer.builder(Path.of(args[0]))
            .segmentSize(EngineFixture.SEGMENT)
            .warmUpCrypto(false)
            .loggedSegmentBytes(LOGGED_BYTES)
            .open();
    ObjectStore s3 = coffer.as(Principal.accountRoot(Keystore.DEFAULT_ACCOUNT));
    if (s3.listBuckets().isEmpty()) {
      s3.createBucket(CreateBucketRequest.of("crash"));
    }
    int start = Integer.parseInt(args[1]);
    for (int n = start; ; n++) {
      s3.putObject(PutObjectRequest.builder("crash", "obj-" + n).build(), contents(n));
      System.out.println("ACK " + n);
      System.out.flush();
    }
  }

  /**
   * Object n: small when n is even; several segments when odd, and past {@link #LOGGED_BYTES} when
   * n is 3 modulo 4.
   */
  static byte[] contents(int n) {
    int size = n % 2 == 0 ? 100 + n % 50 : (n % 4 == 3 ? 13 : 3) * EngineFixture.SEGMENT + n;
    return ObjectRoundTripTest.random(size, n);
  }
}
