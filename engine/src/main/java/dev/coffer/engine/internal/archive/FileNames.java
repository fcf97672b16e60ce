package dev.coffer.engine.internal.archive;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Entry names against the names of this platform's files. On Unix a file name is bytes, which the
 * JVM decodes with the locale's charset ({@code sun.jnu.encoding}); archive names are UTF-8 text.
 * Bytes that are not valid in that charset decode to U+FFFD, and a name that the charset cannot
 * encode (any non-ASCII name under the C locale) cannot be a file here at all.
 */
public final class FileNames {
  private static final Charset ENCODING = encoding();

  /** Windows names are UTF-16 whatever the locale: the JVM's charset does not limit them. */
  private static final boolean BYTE_NAMES = FileSystems.getDefault().getSeparator().equals("/");

  private FileNames() {}

  /** Whether this JVM can make a file named {@code name}. */
  public static boolean canHold(String name) {
    return !BYTE_NAMES || ENCODING.newEncoder().canEncode(name);
  }

  /** Why no file here can have {@code name}, or null if one can. */
  public static String unwritable(String name) {
    if (canHold(name)) {
      return null;
    }
    return "file names are "
        + ENCODING.name()
        + " here (the locale's charset), which cannot hold this name; run coffer with a UTF-8"
        + " locale, such as LANG=C.UTF-8";
  }

  /**
   * Whether a name read from a directory survives as text: false if its bytes are not valid in the
   * JVM's charset, as then its string names another file (or none).
   */
  public static boolean roundTrips(Path name) {
    try {
      return name.getFileSystem().getPath(name.toString()).equals(name);
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** Why {@code name} (read from a directory) cannot be archived, or null if it can. */
  public static String unreadable(Path name) {
    if (roundTrips(name)) {
      return null;
    }
    return "its name is not valid "
        + ENCODING.name()
        + " (\""
        + escapedBytes(name)
        + "\"), and archive names are UTF-8 text; rename it to archive it"
        + (ENCODING.equals(StandardCharsets.UTF_8)
            ? ""
            : ", or run coffer with a UTF-8 locale, such as LANG=C.UTF-8");
  }

  /**
   * The bytes of a file name, ASCII as it is and every other byte as {@code \xNN}: its string form
   * would show U+FFFD. The path's URI is the one public API that keeps the raw bytes (escaped).
   */
  static String escapedBytes(Path name) {
    String raw = name.toAbsolutePath().toUri().getRawPath();
    if (raw.endsWith("/")) {
      raw = raw.substring(0, raw.length() - 1);
    }
    raw = raw.substring(raw.lastIndexOf('/') + 1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        int b = Integer.parseInt(raw.substring(i + 1, i + 3), 16);
        i += 2;
        if (b >= 0x20 && b < 0x7f && b != '\\' && b != '"') {
          out.append((char) b);
        } else {
          out.append(String.format("\\x%02x", b));
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static Charset encoding() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    } catch (RuntimeException e) {
      return StandardCharsets.UTF_8;
    }
  }
}
