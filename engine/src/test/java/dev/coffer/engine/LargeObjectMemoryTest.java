package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.testing.ChildJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** Large objects stream: memory stays bounded whatever the object size. */
class LargeObjectMemoryTest {
  @TempDir Path dir;

  private List<String> run(String heap, long size) throws Exception {
    List<String> lines = new ArrayList<>();
    try (ChildJvm child =
        ChildJvm.startWithJvmOptions(
            List.of("-Xmx" + heap), BigObjectProcess.class, dir.toString(), Long.toString(size))) {
      for (String line; (line = child.readLine()) != null; ) {
        lines.add(line);
      }
    }
    return lines;
  }

  private static void assertSameBytes(List<String> lines, long size) {
    assertThat(lines).hasSize(3);
    String in = lines.get(0).substring(3);
    String[] out = lines.get(1).split(" ");
    assertThat(out[1]).isEqualTo(in);
    assertThat(Long.parseLong(out[2])).isEqualTo(size);
  }

  @Test
  @Timeout(120)
  void a256MiBObject_putsAndGets_withA64MiBHeap() throws Exception {
    long size = 256L << 20;
    List<String> lines = run("64m", size);
    assertSameBytes(lines, size);
  }

  /** The figure; minutes of disk I/O, so run with -Dcoffer.bigTests=true. */
  @Test
  @Timeout(900)
  @EnabledIfSystemProperty(named = "coffer.bigTests", matches = "true")
  void a2GiBObject_putsAndGets_withA256MiBHeap() throws Exception {
    long size = 2L << 30;
    List<String> lines = run("256m", size);
    assertSameBytes(lines, size);
    System.out.println("2 GiB object, -Xmx256m: " + lines.get(2));
  }
}
