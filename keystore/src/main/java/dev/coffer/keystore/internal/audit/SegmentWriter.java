package dev.coffer.keystore.internal.audit;

import static dev.coffer.keystore.internal.audit.SegmentFormat.HEADER_SIZE;

import dev.coffer.keystore.internal.store.InterruptProofIo;
import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends frames to one segment file through a memory mapping: a frame is in the OS page cache, and
 * so survives a crash of this process, as soon as it is copied, with no system call per record.
 * Space is preallocated with real zeros a chunk at a time before it is mapped, so that a full disk
 * shows up as an I/O error at a point where nothing has been written, not as a fault inside a later
 * copy. Not thread-safe: the log calls it under its write lock.
 *
 * <p>The file channel is kept from callers' interrupts ({@link InterruptProofIo}): one closed by an
 * interrupt is reopened, and the mapping, which does not depend on it, carries on.
 *
 * <p>Each frame is copied length last, behind a store fence: a crash leaves the frame whole or its
 * length zero, which the reader recognises as a torn write ({@link FrameReader}).
 */
final class SegmentWriter {
  /** Preallocation step: 4 MiB, or a quarter of a small segment. */
  static final int CHUNK = 4 << 20;

  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20);

  /** The current mapping and the file offset it starts at, for the {@link Sealer}. */
  record Mapping(MappedByteBuffer buffer, long start) {
    /** Whether {@code length} bytes at file offset {@code offset} are in this mapping. */
    boolean covers(long offset, int length) {
      return offset >= start && offset + length <= start + buffer.capacity();
    }
  }

  final Path path;
  final long firstSequence;
  private final Object channelLock = new Object();
  private volatile FileChannel channel;
  private volatile boolean closing;
  private final long segmentSize;
  private final LogHook hook;
  private MappedByteBuffer map;
  private long mapStart;
  private long mapEnd;
  private long allocated;
  private long position;
  private volatile Mapping mapping;
  private volatile boolean sealed;

  private SegmentWriter(
      Path path,
      long firstSequence,
      FileChannel channel,
      long segmentSize,
      LogHook hook,
      long allocated,
      long position) {
    this.path = path;
    this.firstSequence = firstSequence;
    this.channel = channel;
    this.segmentSize = segmentSize;
    this.hook = hook;
    this.allocated = allocated;
    this.position = position;
  }

  /** Creates the segment whose first record will be {@code firstSequence}. */
  static SegmentWriter create(Path directory, long firstSequence, long segmentSize, LogHook hook)
      throws IOException {
    hook.before(LogHook.Step.CREATE_SEGMENT);
    Path path = directory.resolve(SegmentFormat.fileName(firstSequence));
    FileChannel channel =
        FileChannel.open(
            path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    SegmentWriter writer =
        new SegmentWriter(
            path, firstSequence, channel, segmentSize, hook, HEADER_SIZE, HEADER_SIZE);
    try {
      InterruptProofIo.run(
          () -> {
            ByteBuffer header = ByteBuffer.wrap(SegmentFormat.header());
            while (header.hasRemaining()) {
              writer.channel().write(header, header.position());
            }
          });
      writer.ensureRoom(1);
      return writer;
    } catch (IOException | RuntimeException e) {
      writer.abandon();
      Files.deleteIfExists(path);
      throw e;
    }
  }

  /** Reopens an existing segment to append after its last whole frame, at {@code dataEnd}. */
  static SegmentWriter resume(
      Path path, long firstSequence, long dataEnd, long segmentSize, LogHook hook)
      throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new SegmentWriter(
        path, firstSequence, channel, segmentSize, hook, Files.size(path), dataEnd);
  }

  long position() {
    return position;
  }

  /** The mapping frames are written through; replaced when {@link #ensureRoom} remaps. */
  Mapping mapping() {
    return mapping;
  }

  /** Whether a frame of {@code frameSize} belongs in this segment rather than the next one. */
  boolean fits(int frameSize) {
    return position == HEADER_SIZE || position + frameSize <= segmentSize;
  }

  /**
   * Makes the next {@code size} bytes preallocated and mapped, so that writing them cannot fail for
   * lack of space.
   */
  void ensureRoom(int size) throws IOException {
    ensureRoom(size, position);
  }

  /**
   * Same, and a new mapping, if one is needed, also covers the file from {@code mapFrom}: frames
   * the {@link Sealer} has yet to reach.
   */
  void ensureRoom(int size, long mapFrom) throws IOException {
    long end = position + size;
    if (map != null && end <= mapEnd) {
      return;
    }
    long chunk = Math.min(CHUNK, Math.max(4096, segmentSize / 4));
    long target = Math.max(end, Math.min(position + chunk, Math.max(segmentSize, end)));
    if (target > allocated) {
      hook.before(LogHook.Step.EXTEND);
      preallocate(allocated, target);
      allocated = target;
    }
    long from = Math.max(HEADER_SIZE, Math.min(mapFrom, position));
    map =
        InterruptProofIo.call(
            () -> channel().map(FileChannel.MapMode.READ_WRITE, from, allocated - from));
    mapStart = from;
    mapEnd = allocated;
    mapping = new Mapping(map, mapStart);
  }

  private void preallocate(long from, long to) throws IOException {
    InterruptProofIo.run(
        () -> {
          long at = from;
          while (at < to) {
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit((int) Math.min(zeros.capacity(), to - at));
            at += channel().write(zeros, at);
          }
        });
  }

  /** The open channel: one an interrupt closed is replaced, one this writer closed is not. */
  private FileChannel channel() throws IOException {
    FileChannel current = channel;
    if (current.isOpen() || closing) {
      return current;
    }
    synchronized (channelLock) {
      if (!channel.isOpen() && !closing) {
        channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
      }
      return channel;
    }
  }

  private void closeChannel() throws IOException {
    synchronized (channelLock) {
      closing = true;
      channel.close();
    }
  }

  /** Appends one frame: {@code frame[0..length)}, laid out as the format says. */
  void write(byte[] frame, int length) throws IOException {
    ensureRoom(length);
    hook.before(LogHook.Step.WRITE);
    int at = (int) (position - mapStart);
    map.put(at + 4, frame, 4, length - 4);
    VarHandle.storeStoreFence();
    map.putInt(at, SegmentFormat.readInt(frame, 0));
    position += length;
  }

  /**
   * Forces everything written so far to the device. Safe to call from any thread while frames are
   * appended: it is an fdatasync of the file, which on Linux also writes back the pages dirtied
   * through the mapping. A sealed segment was forced when it was sealed.
   */
  void force() throws IOException {
    if (sealed) {
      return;
    }
    hook.before(LogHook.Step.SYNC);
    try {
      InterruptProofIo.run(() -> channel().force(false));
    } catch (ClosedChannelException e) {
      if (!sealed) {
        throw e;
      }
    }
  }

  /** Forces everything written, then shortens the file to its data and closes it. */
  void seal() throws IOException {
    try {
      force();
      map = null;
      InterruptProofIo.run(
          () -> {
            channel().truncate(position);
            channel().force(true);
          });
    } finally {
      sealed = true;
      closeChannel();
    }
  }

  /** Closes without forcing or truncating, after a failure. */
  void abandon() {
    map = null;
    try {
      closeChannel();
    } catch (IOException ignored) {
      // The failure that led here is the one reported.
    }
  }
}
