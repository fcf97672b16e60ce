package dev.coffer.cli;

import static dev.coffer.cli.CofferChildProcess.BLOCK;
import static dev.coffer.cli.CofferChildProcess.HEAP;
import static dev.coffer.cli.CofferChildProcess.awaitSuccess;
import static dev.coffer.cli.CofferChildProcess.command;
import static dev.coffer.cli.CofferChildProcess.generate;
import static dev.coffer.cli.CofferChildProcess.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A gibibyte through {@code coffer put b/k -} and {@code coffer get b/k -} in child JVMs limited to
 * a 256 MiB heap: both commands must stream. The bytes are generated while they are piped in and
 * compared by SHA-256 digests computed while streaming, so neither side holds them, nor a file.
 * Isolated, so that its timing is not shared with other test classes.
 */
@Isolated
class LargeObjectStreamingTest {
  private static final long SIZE = 1L << 30;

  @TempDir Path tmp;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aGibibyte_putFromStdin_andGetToStdout_withA256MiBHeap() throws Exception {
    Path data = tmp.resolve("data");
    Coffer coffer = Coffer.initialized(data);
    coffer.createKey("--alias", "alias/big");
    coffer.createBucket("big", "--kms-key", "alias/big");

    long start = System.nanoTime();
    Process put =
        command(data, "put", "big/blob.bin", "-")
            .redirectOutput(tmp.resolve("put.out").toFile())
            .redirectError(tmp.resolve("put.err").toFile())
            .start();
    byte[] sent;
    try (OutputStream stdin = put.getOutputStream()) {
      sent = generate(stdin, SIZE);
    }
    awaitSuccess(put, tmp.resolve("put.err"), "put");
    long putDone = System.nanoTime();

    Process get =
        command(data, "get", "big/blob.bin", "-")
            .redirectError(tmp.resolve("get.err").toFile())
            .start();
    get.getOutputStream().close();
    MessageDigest received = sha256();
    long count = 0;
    try (InputStream stdout = get.getInputStream()) {
      byte[] buffer = new byte[BLOCK];
      for (int n; (n = stdout.read(buffer)) >= 0; ) {
        received.update(buffer, 0, n);
        count += n;
      }
    }
    awaitSuccess(get, tmp.resolve("get.err"), "get");
    long getDone = System.nanoTime();

    System.out.printf(
        "1 GiB with %s: put %.1f s (%.0f MB/s), get %.1f s (%.0f MB/s)%n",
        HEAP,
        (putDone - start) / 1e9,
        SIZE / 1e6 / ((putDone - start) / 1e9),
        (getDone - putDone) / 1e9,
        SIZE / 1e6 / ((getDone - putDone) / 1e9));
    assertThat(count).isEqualTo(SIZE);
    assertThat(received.digest()).isEqualTo(sent);
    assertThat(coffer.run("head", "big/blob.bin", "--json").json().get("contentLength").getAsLong())
        .isEqualTo(SIZE);
  }
}
