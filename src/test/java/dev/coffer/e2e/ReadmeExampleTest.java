package dev.coffer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.engine.Coffer;
import dev.coffer.keystore.Principal;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding example is real: it is compiled and run here, exactly as written. */
class ReadmeExampleTest {
  private static final Pattern EXAMPLE =
      Pattern.compile("<!-- example: (\\w+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

  @TempDir Path work;

  @Test
  void embeddingExample_compilesAndRuns() throws Exception {
    String readme = Files.readString(RepositoryFiles.root().resolve("README.md"));
    Matcher m = EXAMPLE.matcher(readme);
    assertThat(m.find()).as("README.md has an <!-- example: Name --> java block").isTrue();
    String className = m.group(1);
    Path source = work.resolve(className + ".java");
    Files.writeString(source, m.group(2));

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    int status =
        javac.run(
            null,
            null,
            null,
            List.of(
                    "-classpath",
                    classpath,
                    "-d",
                    work.toString(),
                    "-Xlint:all,-path",
                    "-Werror",
                    source.toString())
                .toArray(String[]::new));
    assertThat(status).as("javac exit status").isZero();

    Path dataDir = work.resolve("example-data");
    URL[] urls = {work.toUri().toURL()};
    try (URLClassLoader loader = new URLClassLoader(urls, getClass().getClassLoader())) {
      Method main = loader.loadClass(className).getMethod("main", String[].class);
      main.invoke(null, (Object) new String[] {dataDir.toString()});
    }
    try (Coffer coffer = Coffer.builder(dataDir).open()) {
      assertThat(
              coffer
                  .as(Principal.accountRoot("000000000000"))
                  .headObject("invoices", "2026/11/INV-1.txt")
                  .encryptionContext()
                  .asMap())
          .as("the example stored its object with its context")
          .containsEntry("tenant", "acme");
    }
  }
}
