package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path tmp;

  @Test
  void demo_everyStepBehavesAsNarrated_andExitsZero() {
    Coffer.Result result = new Coffer(tmp.resolve("unused")).run("demo");

    assertThat(result.exitCode()).as(result.out()).isZero();
    assertThat(result.out())
        .contains("$ coffer key create --alias alias/demo")
        .contains("INTEGRITY_FAILURE")
        .contains("$ coffer --as " + AccessControlSteps.ANALYST + " key generate-data-key")
        .contains("ACCESS_DENIED; the keystore explains:")
        .contains("\"Sid\": \"AnalystUsesDemoKey\"")
        .contains("--grantee " + AccessControlSteps.AUDITOR)
        .contains("KEY_DISABLED")
        .contains("PendingDeletion")
        .doesNotContain("✗")
        .endsWith("✓ All " + DemoTour.steps().size() + " steps behaved as narrated.\n");
    assertThat(result.out().lines().filter(l -> l.strip().startsWith("✓ ")).count())
        .isEqualTo(DemoTour.steps().size() + 1);
    assertThat(tmp.resolve("unused")).doesNotExist();
  }

  @Test
  void demo_showsWhyAccessWasDenied_underTheStep() {
    String out = new Coffer(tmp).run("demo").assertOk().out();

    String denial =
        out.substring(out.indexOf("Act as another principal"), out.indexOf("Attach an identity"));
    assertThat(denial)
        .contains("      " + AccessControlSteps.ANALYST + " is not authorized to perform")
        .contains("kms:GenerateDataKey");
    assertThat(denial.lines().filter(l -> !l.contains("$ coffer")))
        .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(100));
  }

  @Test
  void demo_storesAnObject_headsIt_getsIt_andShowsTheKeyLayerDenial() {
    String out = new Coffer(tmp).run("demo").assertOk().out();

    String objects = out.substring(out.indexOf("Create a bucket"), out.indexOf("Rotate the key"));
    assertThat(objects)
        .contains("$ coffer bucket create " + ObjectSteps.BUCKET + " --kms-key alias/demo")
        .contains("$ coffer put " + ObjectSteps.OBJECT)
        .containsPattern("Encryption +aws:kms")
        .containsPattern("Bucket key +on")
        .containsPattern("Context +aws:s3:arn=arn:aws:s3:::demo-reports, purpose=demo, tenant=acme")
        .contains("Q3 revenue")
        .contains("INTEGRITY_FAILURE")
        .contains("$ coffer --as " + ObjectSteps.REPORTER + " get")
        .contains("the key layer explains:")
        .contains(ObjectSteps.REPORTER + " is not authorized to perform kms:Decrypt");
    assertThat(objects.lines().filter(l -> !l.contains("$ coffer")))
        .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(100));
  }

  @Test
  void objectSteps_comeAfterAccessControl_andBeforeTheKeyIsDisabled() {
    List<String> titles = DemoTour.steps().stream().map(DemoStep::title).toList();

    int firstObject = titles.indexOf(ObjectSteps.steps().get(0).title());
    assertThat(firstObject)
        .isEqualTo(titles.indexOf(AccessControlSteps.steps().get(4).title()) + 1);
    assertThat(firstObject + ObjectSteps.steps().size())
        .isLessThanOrEqualTo(titles.indexOf("Disable the key"));
  }

  @Test
  void accessControlSteps_comeAfterTheKeyIsUsed_andBeforeItsLifecycle() {
    List<String> titles = DemoTour.steps().stream().map(DemoStep::title).toList();

    int firstAccess = titles.indexOf(AccessControlSteps.steps().get(0).title());
    assertThat(firstAccess).isGreaterThan(titles.indexOf("Decrypt it with a different context"));
    assertThat(firstAccess + AccessControlSteps.steps().size())
        .isLessThanOrEqualTo(titles.indexOf(DemoTour.ROTATE_TITLE));
  }

  @Test
  void stepDetails_continueIndented_andWrapLongLines() {
    String longLine = "word ".repeat(40).strip();

    List<String> lines = DemoCommand.indented("✓ first\n  {\n" + longLine);

    assertThat(lines.subList(0, 2)).containsExactly("    ✓ first", "        {");
    assertThat(lines.subList(2, lines.size()))
        .hasSizeGreaterThan(1)
        .allSatisfy(l -> assertThat(l).startsWith("      word").hasSizeLessThanOrEqualTo(100));
  }

  @Test
  void stepDetails_keepIndentedLinesWhole_soThatATableKeepsItsRows() {
    String row = "  " + "column    ".repeat(15).strip();

    List<String> lines = DemoCommand.indented("✓ the trail:\n" + row + "\n" + row);

    assertThat(lines).containsExactly("    ✓ the trail:", "      " + row, "      " + row);
  }

  @Test
  void demo_withJson_reportsEveryStep_andDeletesItsDirectory() {
    JsonObject json = new Coffer(tmp).run("demo", "--json").assertOk().json();

    assertThat(json.get("failed").getAsInt()).isZero();
    assertThat(json.get("passed").getAsInt()).isEqualTo(DemoTour.steps().size());
    assertThat(json.getAsJsonArray("steps")).hasSize(DemoTour.steps().size());
    assertThat(Path.of(json.get("dataDirectory").getAsString())).doesNotExist();
  }

  @Test
  void demo_withKeep_leavesADataDirectoryTheCliCanOpen() throws IOException {
    JsonObject json = new Coffer(tmp).run("demo", "--keep", "--json").assertOk().json();
    Path kept = Path.of(json.get("dataDirectory").getAsString());
    try {
      Coffer.Result describe = new Coffer(kept).run("key", "describe", DemoTour.ALIAS);

      assertThat(describe.exitCode()).isZero();
      assertThat(describe.out()).containsPattern("State +Enabled").contains("2 (primary)");
    } finally {
      deleteRecursively(kept);
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
