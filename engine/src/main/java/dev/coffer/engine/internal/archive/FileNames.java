package dev.coffer.engine.internal.archive;

import dev.coffer.engine.archive.FileNameText;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
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

  /** Why {@code name} (read from a directory) cannot be archived, or null if it can. */
  public static String unreadable(Path name) {
    if (FileNameText.isText(name)) {
      return null;
    }
    return "its name is not valid "
        + ENCODING.name()
        + " (\""
        + FileNameText.escapedBytes(name)
        + "\"), and archive names are UTF-8 text; rename it to archive it"
        + (ENCODING.equals(StandardCharsets.UTF_8)
            ? ""
            : ", or run coffer with a UTF-8 locale, such as LANG=C.UTF-8");
  }

  private static Charset encoding() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    } catch (RuntimeException e) {
      return StandardCharsets.UTF_8;
    }
  }
}
