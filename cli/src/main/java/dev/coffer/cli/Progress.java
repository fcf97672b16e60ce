package dev.coffer.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on standard error for large transfers (bytes, files if counted, rate),
 * shown only to a person at a terminal: never into pipes, files or JSON consumers. It is redrawn at
 * most a few times a second and erased when the transfer ends.
 */
final class Progress implements AutoCloseable {
  /** Below this, a transfer is over before a bar would be worth reading. */
  static final long MIN_SIZE = 16L * 1024 * 1024;

  private static final long REDRAW_NANOS = 250_000_000L;
  private static final Progress NONE = new Progress();

  private final PrintStream err;
  private final String label;
  private final long total;
  private final long start = System.nanoTime();
  private long done;
  private long files;
  private long lastDraw;
  private int lastWidth;

  private Progress() {
    this(null, "", -1);
  }

  private Progress(PrintStream err, String label, long total) {
    this.err = err;
    this.label = label;
    this.total = total;
  }

  /**
   * A progress bar for {@code total} bytes (-1 if unknown), or one that shows nothing when no one
   * is watching or the transfer is small.
   */
  static Progress start(Invocation invocation, String label, long total) {
    Host host = invocation.host();
    if (!host.terminal() || invocation.output().json() || (total >= 0 && total < MIN_SIZE)) {
      return NONE;
    }
    return new Progress(host.err(), label, total);
  }

  /** Counts one more file (or entry) for the bar, which then shows the count too. */
  void file() {
    files++;
  }

  /** {@code in}, counting what is read through it. */
  InputStream monitor(InputStream in) {
    if (err == null) {
      return in;
    }
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          advance(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          advance(n);
        }
        return n;
      }
    };
  }

  private void advance(long bytes) {
    done += bytes;
    if (total < 0 && done < MIN_SIZE) {
      // Of unknown size, such as typed input: not worth a bar until it proves large.
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw >= REDRAW_NANOS) {
      lastDraw = now;
      draw(now);
    }
  }

  private void draw(long now) {
    double seconds = Math.max((now - start) / 1e9, 1e-3);
    String line =
        label
            + "  "
            + (files > 0 ? files + (files == 1 ? " file  " : " files  ") : "")
            + size(done)
            + (total >= 0 ? " / " + size(total) + percent() : "")
            + "  "
            + size((long) (done / seconds))
            + "/s";
    err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
    err.flush();
    lastWidth = line.length();
  }

  private String percent() {
    return total == 0 ? "" : String.format(Locale.ROOT, " (%d%%)", done * 100 / total);
  }

  static String size(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  /** Erases the bar, leaving the terminal as it was. */
  @Override
  public void close() {
    if (err != null && lastWidth > 0) {
      err.print("\r" + " ".repeat(lastWidth) + "\r");
      err.flush();
    }
  }
}
