package dev.coffer.keystore.testing;

import static org.quicktheories.generators.SourceDSL.arrays;
import static org.quicktheories.generators.SourceDSL.integers;

import org.quicktheories.core.Gen;

/** QuickTheories generators of byte arrays, which its DSL has only as boxed integers. */
public final class ByteArrays {
  private ByteArrays() {}

  /** Arrays of any bytes, {@code min} to {@code max} long. */
  public static Gen<byte[]> ofLengthBetween(int min, int max) {
    return arrays()
        .ofIntegers(integers().between(0, 255))
        .withLengthBetween(min, max)
        .map(
            ints -> {
              byte[] b = new byte[ints.length];
              for (int i = 0; i < b.length; i++) {
                b[i] = (byte) ints[i].intValue();
              }
              return b;
            });
  }

  /** {@code parts}, one after another. */
  public static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
