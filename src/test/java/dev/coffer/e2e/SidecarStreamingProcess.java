package dev.coffer.e2e;

import dev.coffer.engine.Coffer;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.grpc.BearerTokens;
import dev.coffer.grpc.CofferServer;
import dev.coffer.grpc.TestCertificates;
import dev.coffer.grpc.client.CofferClient;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Child process: starts the real sidecar on a loopback port with TLS and a bearer token, then, as a
 * client in the same JVM, streams an object of the given size up from a generated stream and back
 * down, printing both SHA-256 digests, the rates and the peak heap. Server and client share the
 * heap, so a small {@code -Xmx} bounds what both sides hold together.
 */
public final class SidecarStreamingProcess {
  private SidecarStreamingProcess() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long size = Long.parseLong(args[1]);
    Path certs = Files.createDirectories(dir.resolve("certs"));
    TestCertificates pki = new TestCertificates(certs);
    TestCertificates.Pem server = pki.server();
    Principal root = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);
    String token = BearerTokens.newToken();
    try (Coffer coffer = Coffer.builder(dir.resolve("data")).open();
        CofferServer sidecar =
            CofferServer.builder()
                .store(coffer)
                .listen("127.0.0.1", 0)
                .tls(server.certificate(), server.privateKey())
                .tokens(BearerTokens.none().with(token, root))
                .build()
                .start();
        CofferClient client =
            CofferClient.builder()
                .target("localhost", sidecar.port())
                .tls(pki.caFile)
                .token(token)
                .build()) {
      ObjectStore s3 = client.objects();
      System.out.println(
          "CALLER " + client.caller().principal() + " " + client.caller().secureTransport());
      s3.createBucket(CreateBucketRequest.of("big"));
      MessageDigest in = MessageDigest.getInstance("SHA-256");
      long t0 = System.nanoTime();
      ObjectInfo info =
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
      System.out.println("IN " + HexFormat.of().formatHex(in.digest()) + " " + info.size());
      System.out.println("OUT " + HexFormat.of().formatHex(out.digest()) + " " + read);
      System.out.printf(
          "PUT %.1f MB/s GET %.1f MB/s PEAK_HEAP_MB %d%n",
          size / 1e6 / ((t1 - t0) / 1e9), size / 1e6 / ((t2 - t1) / 1e9), peakHeap() >> 20);
    }
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  /** Pseudo-random bytes of a fixed length, digested as they are produced. */
  static final class Generated extends InputStream {
    private final SplittableRandom random = new SplittableRandom(11);
    private final MessageDigest digest;
    private long remaining;

    Generated(long size, MessageDigest digest) {
      this.remaining = size;
      this.digest = digest;
    }

    @Override
    public int read() {
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
        long r = random.nextLong();
        for (int j = 0; j < 8 && i + j < n; j++) {
          b[off + i + j] = (byte) (r >>> (8 * j));
        }
      }
      digest.update(b, off, n);
      remaining -= n;
      return n;
    }
  }
}
