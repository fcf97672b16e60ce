package dev.coffer.cli;

import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.NotFoundException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where {@code get} writes an object: standard output, or a file that appears under its name only
 * once complete. A file is written to a hidden sibling (owner-only, as it holds plaintext) and
 * renamed at the end, so a failed get leaves no partial file that looks like the object. A device
 * or pipe named as the file ({@code /dev/null}, {@code /dev/stdout}, a FIFO) is written to as a
 * stream, like standard output, and a symbolic link to a file is followed.
 */
abstract class DownloadTarget implements AutoCloseable {
  private DownloadTarget() {}

  static DownloadTarget of(Invocation invocation, String destination) throws IOException {
    if (Inputs.STDIN.equals(destination)) {
      return new StandardOutput(invocation.host().out());
    }
    Path path = Path.of(destination);
    if (Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path)) {
      // Renaming a finished file over a device or pipe would not write to it but replace it: run
      // as root, `get x /dev/null` left a file of plaintext where /dev/null was.
      return new SpecialFile(path);
    }
    if (Files.isSymbolicLink(path) && Files.exists(path)) {
      // Written through, as cp writes, rather than replaced: /dev/stdout is such a link.
      path = path.toRealPath();
    }
    return new FileTarget(path);
  }

  /** A full disk says only "No space left on device": the file is named. */
  private static OutputStream naming(OutputStream out, String doing) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        try {
          out.write(b, off, len);
        } catch (IOException e) {
          throw new IOException(doing + ": " + e.getMessage(), e);
        }
      }
    };
  }

  abstract OutputStream stream();

  /** Makes the data visible under its final name; without it, {@link #close} discards it. */
  abstract void commit() throws IOException;

  /** The file written, or null for standard output or a device or pipe written as a stream. */
  Path file() {
    return null;
  }

  /** The hidden file written until {@link #commit}, or null where there is none. */
  Path partialFile() {
    return null;
  }

  @Override
  public abstract void close() throws IOException;

  private static final class StandardOutput extends DownloadTarget {
    private final OutputStream stream;

    StandardOutput(PrintStream out) {
      // PrintStream swallows write errors; a closed pipe must stop the get rather than let it
      // decrypt the rest of the object into nothing.
      this.stream =
          new OutputStream() {
            @Override
            public void write(int b) throws IOException {
              out.write(b);
              check();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              out.write(b, off, len);
              check();
            }

            @Override
            public void flush() throws IOException {
              check();
            }

            private void check() throws IOException {
              if (out.checkError()) {
                throw ProcessOutput.writeFailure(out);
              }
            }
          };
    }

    @Override
    OutputStream stream() {
      return stream;
    }

    @Override
    void commit() throws IOException {
      stream.flush();
    }

    @Override
    public void close() {}
  }

  private static final class SpecialFile extends DownloadTarget {
    private final OutputStream stream;

    SpecialFile(Path path) throws IOException {
      try {
        this.stream =
            naming(Files.newOutputStream(path, StandardOpenOption.WRITE), "cannot write " + path);
      } catch (java.nio.file.AccessDeniedException e) {
        throw new AccessDeniedException("cannot write " + path + ": permission denied", e);
      }
    }

    @Override
    OutputStream stream() {
      return stream;
    }

    @Override
    void commit() throws IOException {
      stream.close();
    }

    @Override
    public void close() throws IOException {
      stream.close();
    }
  }

  private static final class FileTarget extends DownloadTarget {
    private final Path target;
    private final Path partial;
    private final OutputStream stream;
    private boolean committed;

    FileTarget(Path target) throws IOException {
      this.target = target.toAbsolutePath();
      if (Files.isDirectory(this.target)) {
        throw new InvalidArgumentException(target + " is a directory; name the file to write");
      }
      try {
        this.partial =
            Files.createTempFile(
                this.target.getParent(), "." + this.target.getFileName() + ".", ".coffer-part");
      } catch (NoSuchFileException e) {
        throw new NotFoundException("no such directory: " + this.target.getParent(), e);
      } catch (java.nio.file.AccessDeniedException e) {
        throw new AccessDeniedException("cannot write " + target + ": permission denied", e);
      }
      try {
        this.stream = naming(Files.newOutputStream(partial), "cannot write " + target);
      } catch (IOException e) {
        Files.deleteIfExists(partial);
        throw e;
      }
    }

    @Override
    OutputStream stream() {
      return stream;
    }

    @Override
    void commit() throws IOException {
      stream.close();
      try {
        Files.move(
            partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      }
      committed = true;
    }

    @Override
    Path file() {
      return target;
    }

    @Override
    Path partialFile() {
      return partial;
    }

    @Override
    public void close() throws IOException {
      if (!committed) {
        stream.close();
        Files.deleteIfExists(partial);
      }
    }
  }
}
