package dev.coffer.engine;

import dev.coffer.keystore.InvalidArgumentException;

/**
 * The bytes a ranged get asks for, in the three forms of HTTP's {@code Range} header (as S3 takes
 * them): {@link Span} ({@code bytes=first-last}, inclusive), {@link From} ({@code bytes=first-})
 * and {@link Suffix} ({@code bytes=-n}, the last n bytes).
 */
public sealed interface ByteRange permits ByteRange.Span, ByteRange.From, ByteRange.Suffix {

  /** Bytes {@code first} to {@code last}, inclusive; {@code last} is clipped to the object. */
  static ByteRange span(long first, long last) {
    return new Span(first, last);
  }

  /** Every byte from {@code first} to the end. */
  static ByteRange from(long first) {
    return new From(first);
  }

  /** The last {@code length} bytes, or the whole object if it is shorter. */
  static ByteRange suffix(long length) {
    return new Suffix(length);
  }

  /** The first byte this range selects from an object of {@code size} bytes. */
  long start(long size);

  /**
   * The end (exclusive) of what this range selects from an object of {@code size} bytes; equal to
   * {@link #start} when nothing is selected.
   */
  long end(long size);

  /**
   * Whether the range starts beyond the last byte of a non-empty object of {@code size} bytes: S3
   * refuses such a get (InvalidRange) rather than answering nothing.
   */
  default boolean startsBeyond(long size) {
    return size > 0 && start(size) >= size;
  }

  /** {@code bytes=first-last}. */
  record Span(long first, long last) implements ByteRange {
    public Span {
      if (first < 0 || last < first) {
        throw new InvalidArgumentException("a range is first-last with 0 <= first <= last");
      }
    }

    @Override
    public long start(long size) {
      return first;
    }

    @Override
    public long end(long size) {
      return Math.max(first, last >= size - 1 ? size : last + 1);
    }

    @Override
    public String toString() {
      return "bytes=" + first + "-" + last;
    }
  }

  /** {@code bytes=first-}. */
  record From(long first) implements ByteRange {
    public From {
      if (first < 0) {
        throw new InvalidArgumentException("a range cannot start before byte 0");
      }
    }

    @Override
    public long start(long size) {
      return first;
    }

    @Override
    public long end(long size) {
      return Math.max(first, size);
    }

    @Override
    public String toString() {
      return "bytes=" + first + "-";
    }
  }

  /** {@code bytes=-length}. */
  record Suffix(long length) implements ByteRange {
    public Suffix {
      if (length < 1) {
        throw new InvalidArgumentException("a suffix range needs at least one byte");
      }
    }

    @Override
    public long start(long size) {
      return Math.max(0, size - length);
    }

    @Override
    public long end(long size) {
      return size;
    }

    @Override
    public String toString() {
      return "bytes=-" + length;
    }

    /** A suffix range can never start beyond the object: it is clipped to the whole. */
    @Override
    public boolean startsBeyond(long size) {
      return false;
    }
  }
}
