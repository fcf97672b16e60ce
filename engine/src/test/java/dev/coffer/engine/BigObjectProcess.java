package dev.coffer.engine;

import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Child process: puts an object of the given size from a generated stream and gets it back,
 * printing both SHA-256 digests, the timings and the peak heap, so a test can run it under a small
 * {@code -Xmx}.
 */
public final class BigObjectProcess {
  private BigObjectProcess() {}

  public static void main(String[] args) throws Exception {
    long size = Long.parseLong(args[1]);
    try (Coffer coffer = Coffer.builder(Path.of(args[0])).open()) {
      ObjectStore s3 = coffer.as(Principal.accountRoot(Keystore.DEFAULT_ACCOUNT));
      s3.createBucket(CreateBucketRequest.of("big"));
      MessageDigest in = MessageDigest.getInstance("SHA-256");
      long t0 = System.nanoTime();
      s3.putObject(PutObjectRequest.builder("big", "object").build(), new Generated(size, in));
      long t1 = System.nanoTime();
      MessageDigest out = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      long read = 0;
      try (ObjectContent c = s3.getObject(GetObjectRequest.of("big", "object"))) {
        for (int n; (n = c.read(buffer)) > 0; ) {
          out.update(buffer, 0, n);
          read += n;
        }
      }
      long t2 = System.nanoTime();
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      System.out.println("IN " + HexFormat.of().formatHex(in.digest()));
      System.out.println("OUT " + HexFormat.of().formatHex(out.digest()) + " " + read);
      System.out.printf(
          "PUT %.1f MB/s GET %.1f MB/s PEAK_HEAP_MB %d%n",
          size / 1e6 / ((t1 - t0) / 1e9), size / 1e6 / ((t2 - t1) / 1e9), peak >> 20);
    }
  }

  /** Pseudo-random bytes of a fixed length, digested as they are produced. */
  static final class Generated extends InputStream {
    private final SplittableRandom random = new SplittableRandom(7);
    private final MessageDigest digest;
    private long remaining;

    Generated(long size, MessageDigest digest) {
      this.remaining = size;
      this.digest = digest;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining);
      for (int i = 0; i < n; i += 8) {
        long v = random.nextLong();
        for (int j = 0; j < 8 && i + j < n; j++) {
          b[off + i + j] = (byte) (v >>> (8 * j));
        }
      }
      digest.update(b, off, n);
      remaining -= n;
      return n;
    }
  }
}
