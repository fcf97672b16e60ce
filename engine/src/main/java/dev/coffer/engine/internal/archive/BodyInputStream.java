package dev.coffer.engine.internal.archive;

import com.google.crypto.tink.StreamingAead;
import dev.coffer.keystore.InvalidCiphertextException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;

/**
 * The plaintext of an archive body, from Tink's decrypting stream. Tink returns a segment's bytes
 * only once the segment has authenticated, and reads one byte ahead to know which segment is the
 * last, so the end of this stream is itself authenticated. Tink reports a failed segment and a
 * failed read of the file alike, as an IOException; this class tells them apart by marking the
 * file's own exceptions on their way through, so that damage becomes an {@link
 * InvalidCiphertextException} (exit code "integrity failure") and only real I/O stays I/O.
 */
final class BodyInputStream extends InputStream {
  private static final int READ_BUFFER = 64 * 1024;

  private final CountingSource source;
  private final InputStream plaintext;
  private final long bodyOffset;
  private boolean failed;

  BodyInputStream(StreamingAead aead, byte[] associatedData, InputStream in, long bodyOffset) {
    this.source = new CountingSource(new BufferedInputStream(in, READ_BUFFER));
    this.bodyOffset = bodyOffset;
    try {
      this.plaintext = aead.newDecryptingStream(source, associatedData);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Tink cannot start a decrypting stream", e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (failed) {
      throw new InvalidCiphertextException("the archive already failed authentication");
    }
    try {
      return plaintext.read(b, off, len);
    } catch (SourceException e) {
      failed = true;
      throw e.original;
    } catch (IOException e) {
      failed = true;
      throw diagnose();
    }
  }

  /** Where and, as far as can be told cheaply, why the body failed to authenticate. */
  private InvalidCiphertextException diagnose() {
    long at = bodyOffset + source.count;
    if (source.count < BodyCipher.TINK_HEADER_LENGTH) {
      return new InvalidCiphertextException(
          "the archive is truncated: it ends at byte " + at + ", before its body begins");
    }
    return new InvalidCiphertextException(
        "the archive failed authentication before byte "
            + at
            + (source.ended
                ? ": it is truncated or has bytes appended, or was altered"
                : ": it was altered, its segments reordered or spliced from another archive,"
                    + " or its header changed"));
  }

  @Override
  public void close() throws IOException {
    source.close();
  }

  /** An exception of the underlying file, carried through Tink unchanged. */
  private static final class SourceException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient IOException original;

    SourceException(IOException original) {
      super(original.getMessage(), original);
      this.original = original;
    }
  }

  /** The archive file below Tink: counts what Tink has read and marks its exceptions. */
  private static final class CountingSource extends FilterInputStream {
    long count;
    boolean ended;

    CountingSource(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = in.read(b, off, len);
      } catch (IOException e) {
        throw new SourceException(e);
      }
      if (n > 0) {
        count += n;
      } else if (n < 0) {
        ended = true;
      }
      return n;
    }
  }
}
