package dev.coffer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.testing.ChildJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real sidecar on a loopback port with TLS and a token, driven by the Java client: a 512 MiB
 * object streams up and back down in a child JVM whose whole heap, server and client together, is
 * 96 MiB. Flow control end to end is what makes that possible.
 */
class SidecarStreamingTest {
  static final long SIZE = 512L << 20;

  @TempDir Path dir;

  @Test
  @Timeout(300)
  void a512MiBObject_streamsUpAndDownOverTls_withA96MiBHeapForServerAndClient() throws Exception {
    List<String> lines = new ArrayList<>();
    try (ChildJvm child =
        ChildJvm.startWithJvmOptions(
            List.of("-Xmx96m"),
            SidecarStreamingProcess.class,
            dir.toString(),
            Long.toString(SIZE))) {
      for (String line; (line = child.readLine()) != null; ) {
        lines.add(line);
      }
    }
    assertThat(lines).as("child output: %s", lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo("CALLER arn:aws:iam::000000000000:root true");
    String[] in = lines.get(1).split(" ");
    String[] out = lines.get(2).split(" ");
    assertThat(Long.parseLong(in[2])).isEqualTo(SIZE);
    assertThat(out[1]).isEqualTo(in[1]);
    assertThat(Long.parseLong(out[2])).isEqualTo(SIZE);
    System.out.println("512 MiB through the sidecar over TLS, -Xmx96m: " + lines.get(3));
  }
}
