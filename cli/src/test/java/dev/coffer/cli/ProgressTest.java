package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Progress bars appear for a person at a terminal only, and leave the line clean. */
class ProgressTest {
  private static final int LARGE = (int) Progress.MIN_SIZE;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void largeTransfer_atATerminal_drawsABarOnStandardError_andErasesIt() throws IOException {
    try (Progress progress = Progress.start(invocation(true, false), "upload", LARGE);
        InputStream in = progress.monitor(new ByteArrayInputStream(new byte[LARGE]))) {
      assertThat(in.readAllBytes()).hasSize(LARGE);
    }

    String drawn = err.toString(StandardCharsets.UTF_8);
    assertThat(drawn).startsWith("\rupload  ").contains(" / 16.0 MiB (").contains("/s");
    assertThat(drawn).endsWith("\r").doesNotContain("\n");
  }

  @Test
  void noBar_inPipes_withJson_orForSmallTransfers_ofKnownOrUnknownSize() throws IOException {
    for (Invocation invocation :
        new Invocation[] {invocation(false, false), invocation(true, true)}) {
      try (Progress progress = Progress.start(invocation, "upload", LARGE)) {
        progress.monitor(new ByteArrayInputStream(new byte[LARGE])).readAllBytes();
      }
    }
    try (Progress progress = Progress.start(invocation(true, false), "upload", 1024)) {
      progress.monitor(new ByteArrayInputStream(new byte[1024])).readAllBytes();
    }
    try (Progress progress = Progress.start(invocation(true, false), "upload", -1)) {
      progress.monitor(new ByteArrayInputStream(new byte[1024])).readAllBytes();
    }

    assertThat(err.toByteArray()).isEmpty();
  }

  @Test
  void sizes_readAsBinaryUnits() {
    assertThat(Progress.size(512)).isEqualTo("512 B");
    assertThat(Progress.size(1536)).isEqualTo("1.5 KiB");
    assertThat(Progress.size(1L << 30)).isEqualTo("1.0 GiB");
  }

  private Invocation invocation(boolean terminal, boolean json) {
    PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
    GlobalOptions options = new GlobalOptions();
    options.json = json;
    return new Invocation(
        new Host(stream, stream, new ByteArrayInputStream(new byte[0]), Map.of(), terminal),
        options,
        null);
  }
}
