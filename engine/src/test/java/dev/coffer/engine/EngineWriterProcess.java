package dev.coffer.engine;

import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import java.nio.file.Path;

/**
 * Child process for the engine crash test: puts objects as fast as it can, alternating small and
 * multi-segment ones with contents derived from their number, and prints {@code ACK n} after each
 * put returns.
 */
public final class EngineWriterProcess {
  private EngineWriterProcess() {}

  public static void main(String[] args) {
    Coffer coffer =
        Coffer.builder(Path.of(args[0]))
            .segmentSize(EngineFixture.SEGMENT)
            .warmUpCrypto(false)
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

  /** Object n: small when n is even, several segments when odd. */
  static byte[] contents(int n) {
    int size = n % 2 == 0 ? 100 + n % 50 : 3 * EngineFixture.SEGMENT + n;
    return ObjectRoundTripTest.random(size, n);
  }
}
