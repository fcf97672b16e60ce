package dev.coffer.engine.internal;

import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Runs the AES-GCM and AES-CTR code paths a few thousand times on small buffers in a background
 * thread, so that the JIT compiles them (and their intrinsics) early in a large object: measured on
 * JDK 17, the first 256 MiB otherwise encrypt at ~170 MB/s instead of ~2.3 GB/s. It uses a
 * throwaway all-zero key and touches no data.
 *
 * <p>It starts once per engine, with the first object of at least {@value #LARGE_OBJECT_BYTES}
 * bytes read or written, not at open: a short-lived process that only moves small objects (a {@code
 * coffer get} of a few bytes) would otherwise pay tens of milliseconds of CPU for it, on a core the
 * command itself wants, and small objects never reach the speeds it buys.
 */
public final class CryptoWarmup {
  /** Objects from this many bytes on start the warm-up. */
  public static final long LARGE_OBJECT_BYTES = 1L << 20;

  private static final int ROUNDS = 20_000;

  private final boolean enabled;
  private final AtomicBoolean started = new AtomicBoolean();

  CryptoWarmup(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Starts the warm-up in the background, unless it has started already, if {@code bytes} of object
   * data are about to be encrypted or decrypted and that is at least {@value #LARGE_OBJECT_BYTES}.
   */
  public void forObjectOf(long bytes) {
    if (enabled
        && bytes >= LARGE_OBJECT_BYTES
        && !started.get()
        && started.compareAndSet(false, true)) {
      Thread t = new Thread(CryptoWarmup::run, "coffer-crypto-warmup");
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY);
      t.start();
    }
  }

  /** Whether the warm-up has been started. */
  public boolean started() {
    return started.get();
  }

  private static void run() {
    try {
      SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
      ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(new byte[16]));
      byte[] in = new byte[1024];
      byte[] out = new byte[1024 + 16];
      byte[] iv = new byte[12];
      for (int i = 0; i < ROUNDS; i++) {
        iv[0] = (byte) i;
        iv[1] = (byte) (i >>> 8);
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        gcm.update(in, 0, in.length, out, 0);
        gcm.doFinal(out, in.length);
        ctr.update(in, 0, in.length, out, 0);
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // Only a speed-up: without it everything still works, just slower at first.
    }
  }
}
