package dev.coffer.engine.internal.archive;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A file read to its size as it was when opened, and checked afterwards for changes made while it
 * was read, as {@code tar} checks ("file changed as we read it"): its size, modification time,
 * status change time (where the platform has one) and identity (device and inode) are taken before
 * it is opened and again once it has been read.
 *
 * <p>The data ends at the size taken before, as tar's does: a file that keeps growing (a busy log)
 * would otherwise never end, and what is stored is the file as it was when opened, as far as it
 * lasted. A file that shrank simply gives fewer bytes; archive entries declare no size, so the
 * archive stays consistent either way.
 */
public final class WatchedFileRead implements Closeable {
  private static final String UNIX_ATTRIBUTES = "unix:size,lastModifiedTime,ctime,dev,ino";

  private final Path path;
  private final Snapshot before;
  private final InputStream file;
  private final CappedInput data;

  /** What a file's metadata said at one moment. {@code changed} is null where unknown. */
  private record Snapshot(long size, FileTime modified, FileTime changed, Object identity) {
    static Snapshot of(Path path) throws IOException {
      if (path.getFileSystem().supportedFileAttributeViews().contains("unix")) {
        Map<String, Object> a =
            Files.readAttributes(path, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return new Snapshot(
            (Long) a.get("size"),
            (FileTime) a.get("lastModifiedTime"),
            (FileTime) a.get("ctime"),
            a.get("dev") + ":" + a.get("ino"));
      }
      BasicFileAttributes a =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return new Snapshot(a.size(), a.lastModifiedTime(), null, a.fileKey());
    }
  }

  private WatchedFileRead(Path path, Snapshot before, InputStream file) {
    this.path = path;
    this.before = before;
    this.file = file;
    this.data = new CappedInput(file, before.size());
  }

  /**
   * Takes the file's metadata, then opens it without following a symbolic link (a file swapped for
   * a link meanwhile is not read through it).
   *
   * @throws NoSuchFileException if it is gone
   */
  public static WatchedFileRead open(Path path) throws IOException {
    Snapshot before = Snapshot.of(path);
    return new WatchedFileRead(path, before, Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS));
  }

  /** The modification time taken before the file was opened: the one to store with its data. */
  public Instant modified() {
    return before.modified().toInstant();
  }

  /** The file's bytes, up to its size when opened. */
  public InputStream data() {
    return data;
  }

  /**
   * Why the file is not as it was when opened, or null if nothing shows a change; call once {@link
   * #data} has been read to its end.
   */
  public String change() throws IOException {
    long size = before.size();
    // More to read than the size said: it grew, even where the size does not say so (/proc).
    boolean more = data.read == size && file.read() >= 0;
    Snapshot after;
    try {
      after = Snapshot.of(path);
    } catch (NoSuchFileException e) {
      return "it was removed as it was read";
    }
    if (!Objects.equals(before.identity(), after.identity())) {
      return "it was replaced by another file as it was read";
    }
    if (data.read < size) {
      return "it shrank as it was read: " + data.read + " of its " + size + " bytes were read";
    }
    if (more || after.size() > size) {
      return "it grew as it was read: its first " + size + " bytes are stored";
    }
    if (after.size() < size) {
      return "it shrank after it was read, to " + after.size() + " of its " + size + " bytes";
    }
    if (!before.modified().equals(after.modified())) {
      return "its modification time changed as it was read";
    }
    if (!Objects.equals(before.changed(), after.changed())) {
      return "its status change time (ctime) changed as it was read";
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  /** Ends at {@code limit} bytes, and counts what was read. */
  private static final class CappedInput extends FilterInputStream {
    private final long limit;
    private long read;

    CappedInput(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (read >= limit) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, limit - read));
      if (n > 0) {
        read += n;
      }
      return n;
    }

    @Override
    public long skip(long n) {
      // Every byte is stored: nothing skips.
      return 0;
    }

    @Override
    public int available() {
      return 0;
    }

    @Override
    public void close() {
      // The file is closed with the read, after change() has probed past the end.
    }
  }
}
