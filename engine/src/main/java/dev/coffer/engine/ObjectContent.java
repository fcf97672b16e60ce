package dev.coffer.engine;

import java.io.FilterInputStream;
import java.io.InputStream;
import java.util.Objects;

/**
 * An object's data as a stream, with what HeadObject would say about it. Data is decrypted one
 * segment at a time as it is read, and each segment is authenticated before any of its bytes are
 * returned; an integrity failure surfaces as an {@link java.io.IOException} whose cause is the
 * engine's typed error. Close it when done.
 */
public final class ObjectContent extends FilterInputStream {
  private final ObjectInfo info;
  private final long first;
  private final long length;

  /**
   * Wraps {@code data}, the plaintext of bytes {@code first} to {@code first + length} of the
   * object {@code info} describes (for {@link ObjectStore} implementations).
   */
  public ObjectContent(ObjectInfo info, InputStream data, long first, long length) {
    super(Objects.requireNonNull(data, "data"));
    this.info = Objects.requireNonNull(info, "info");
    this.first = first;
    this.length = length;
  }

  /** What HeadObject says about the object: size, content type, metadata, key and context. */
  public ObjectInfo info() {
    return info;
  }

  /** Offset of the first byte returned (0 unless ranged). */
  public long first() {
    return first;
  }

  /** How many bytes the stream returns. */
  public long length() {
    return length;
  }
}
