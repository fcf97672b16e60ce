package dev.coffer.engine.internal.archive;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * File system failures named for the user: the JDK's own say only a path (a permission denied is
 * "src/locked"), or only a reason ("No space left on device"), and the path may be a hidden
 * temporary file. A permission failure stays an {@link AccessDeniedException}, so that callers can
 * still tell it apart.
 */
public final class DiskFailures {
  private DiskFailures() {}

  /** {@code failure}, said as "{@code doing}: why". */
  public static IOException named(String doing, IOException failure) {
    if (failure instanceof AccessDeniedException) {
      AccessDeniedException denied =
          new AccessDeniedException(
              doing + ": permission denied" + where(doing, failure), null, null);
      denied.initCause(failure);
      return denied;
    }
    return new IOException(doing + ": " + reason(doing, failure), failure);
  }

  /** {@code in}, its read failures {@link #named}: for a source file, read by another's code. */
  public static InputStream naming(InputStream in, String doing) {
    return new FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return super.read(b, off, len);
        } catch (IOException e) {
          throw named(doing, e);
        }
      }
    };
  }

  /** {@code out}, its write failures {@link #named} (a full disk says no path). */
  public static OutputStream naming(OutputStream out, String doing) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        try {
          out.write(b, off, len);
        } catch (IOException e) {
          throw named(doing, e);
        }
      }

      @Override
      public void close() throws IOException {
        try {
          out.close();
        } catch (IOException e) {
          throw named(doing, e);
        }
      }
    };
  }

  /** Why {@code failure} happened, in a few words and without a path: "permission denied". */
  public static String reason(IOException failure) {
    if (failure instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (failure instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (failure instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return failure.getMessage() != null ? failure.getMessage() : failure.toString();
  }

  private static String reason(String doing, IOException failure) {
    if (failure instanceof NoSuchFileException) {
      return "no such file or directory" + where(doing, failure);
    }
    if (failure instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason() + where(doing, failure);
    }
    return failure.getMessage() != null ? failure.getMessage() : failure.toString();
  }

  /** The file that failed, unless {@code doing} names it already; a hidden staged file's folder. */
  private static String where(String doing, IOException failure) {
    if (!(failure instanceof FileSystemException f) || f.getFile() == null) {
      return "";
    }
    String file = f.getFile();
    if (doing.endsWith(file)) {
      return "";
    }
    Path path = Path.of(file);
    if (path.getFileName() != null
        && path.getFileName().toString().startsWith(".coffer-")
        && path.getParent() != null) {
      return " (in " + EntryPaths.printable(path.getParent().toString()) + ")";
    }
    return " (" + EntryPaths.printable(file) + ")";
  }
}
