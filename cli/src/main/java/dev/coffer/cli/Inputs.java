package dev.coffer.cli;

import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.NotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads what commands take as {@code FILE}, where {@code -} means standard input. Reads are bounded
 * so that a wrong file cannot exhaust memory, and file problems become errors with exit codes.
 */
final class Inputs {
  static final String STDIN = "-";
  private static final int MAX_PASSPHRASE_BYTES = 4096;

  /**
   * The keystore judges a policy's size (32 KiB for key policies) and says so precisely; this
   * larger bound only keeps a wrong file out of memory.
   */
  private static final int MAX_POLICY_BYTES = 1024 * 1024;

  private Inputs() {}

  /**
   * Reads all of {@code source}; the caller owns (and, if secret, zeroes) the array.
   *
   * @throws InvalidArgumentException if it is longer than {@code maxBytes}
   */
  static byte[] read(Invocation invocation, String source, int maxBytes, String what) {
    try (InputStream in = openStream(invocation, source, what)) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        Arrays.fill(bytes, (byte) 0);
        throw new InvalidArgumentException(
            what + " is larger than " + maxBytes + " bytes (" + describe(source) + ")");
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + describe(source) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens {@code source} to stream it, of any length; standard input stays open when the stream is
   * closed.
   *
   * @throws NotFoundException if there is no such file
   * @throws InvalidArgumentException if it is a directory
   */
  static InputStream openStream(Invocation invocation, String source, String what) {
    try {
      return open(invocation, source, what);
    } catch (NoSuchFileException e) {
      throw new NotFoundException("no such file: " + source, e);
    } catch (java.nio.file.AccessDeniedException e) {
      throw new AccessDeniedException("cannot read " + source + ": permission denied", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + describe(source) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads all of {@code source} as UTF-8 text, such as a policy document.
   *
   * @throws InvalidArgumentException if it is longer than {@code maxBytes} or not UTF-8
   */
  static String readText(Invocation invocation, String source, int maxBytes, String what) {
    byte[] bytes = read(invocation, source, maxBytes, what);
    try {
      return strictUtf8(bytes, bytes.length).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidArgumentException(what + " in " + describe(source) + " is not UTF-8");
    }
  }

  /** Reads a policy document for the keystore to validate; {@code what} names it in errors. */
  static String readPolicy(Invocation invocation, String source, String what) {
    return readText(invocation, source, MAX_POLICY_BYTES, what);
  }

  /** Reads a passphrase without its trailing newline; the caller zeroes the array. */
  static char[] readPassphrase(Invocation invocation, String source) {
    byte[] bytes = read(invocation, source, MAX_PASSPHRASE_BYTES, "the passphrase");
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\n') {
      end--;
      if (end > 0 && bytes[end - 1] == '\r') {
        end--;
      }
    }
    try {
      CharBuffer chars = strictUtf8(bytes, end);
      char[] secret = new char[chars.remaining()];
      chars.get(secret);
      Arrays.fill(chars.array(), '\0');
      return secret;
    } catch (CharacterCodingException e) {
      throw new InvalidArgumentException("the passphrase in " + describe(source) + " is not UTF-8");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Decodes UTF-8, refusing malformed input rather than replacing it. */
  private static CharBuffer strictUtf8(byte[] bytes, int length) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, 0, length));
  }

  private static InputStream open(Invocation invocation, String source, String what)
      throws IOException {
    if (STDIN.equals(source)) {
      // Standard input belongs to the process; reading it must not close it.
      return new FilterInputStream(invocation.stdin(what)) {
        @Override
        public void close() {}
      };
    }
    Path file = Path.of(source);
    // Opening a directory succeeds on Linux; only the first read fails, with a bare "Is a
    // directory" that names neither the argument nor what was wrong with it.
    if (Files.isDirectory(file)) {
      throw new InvalidArgumentException(source + " is a directory; " + what + " must be a file");
    }
    return Files.newInputStream(file);
  }

  static String describe(String source) {
    return STDIN.equals(source) ? "standard input" : source;
  }
}
