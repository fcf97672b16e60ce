package dev.coffer.engine.archive;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * File names read from a directory whose bytes may not be text in the JVM's charset: such a name
 * decodes to U+FFFD and the like, which names another file (or none) and can garble a terminal.
 * Archiving refuses them (archive names are UTF-8 text) and names them by their escaped bytes.
 */
public final class FileNameText {
  private FileNameText() {}

  /** Whether {@code name} is text: its string form leads back to its bytes. */
  public static boolean isText(Path name) {
    try {
      return name.getFileSystem().getPath(name.toString()).equals(name);
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /**
   * The bytes of the last element of {@code name}, printable ASCII as it is and every other byte
   * (and {@code \} and {@code "}) as {@code \xNN}. The path's URI is the one public API that keeps
   * the raw bytes (percent-encoded).
   */
  public static String escapedBytes(Path name) {
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
          out.append(String.format(Locale.ROOT, "\\x%02x", b));
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
