package dev.coffer.keystore;

/** Data-key lengths by name, as GenerateDataKey's {@code KeySpec}. */
public enum KeySpec {
  AES_128(16),
  AES_256(32);

  private final int numberOfBytes;

  KeySpec(int numberOfBytes) {
    this.numberOfBytes = numberOfBytes;
  }

  public int numberOfBytes() {
    return numberOfBytes;
  }
}
