package dev.coffer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.grpc.BearerTokens;
import dev.coffer.grpc.CofferServer;
import dev.coffer.grpc.client.CofferClient;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.audit.AuditLog;
import dev.coffer.keystore.policy.PolicyDocument;
import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The public API (top package of each module) exposes no protobuf or internal types. */
class PublicApiTest {
  private static final List<String> FORBIDDEN =
      List.of("com.google.protobuf.", "dev.coffer.format.", "dev.coffer.api.", ".internal.");

  @Test
  void keystoreApi_leaksNoProtobufOrInternalTypes() throws Exception {
    assertThat(leaks(publicClassesOf(Keystore.class, "dev/coffer/keystore"))).isEmpty();
    assertThat(publicClassesOf(Keystore.class, "dev/coffer/keystore")).hasSizeGreaterThan(20);
  }

  @Test
  void policyApi_leaksNoProtobufOrInternalTypes() throws Exception {
    List<Class<?>> policy = publicClassesOf(PolicyDocument.class, "dev/coffer/keystore/policy");
    assertThat(policy).hasSizeGreaterThan(5);
    assertThat(leaks(policy)).isEmpty();
  }

  @Test
  void auditApi_leaksNoProtobufOrInternalTypes() throws Exception {
    List<Class<?>> audit = publicClassesOf(AuditLog.class, "dev/coffer/keystore/audit");
    assertThat(audit).hasSizeGreaterThan(7);
    assertThat(leaks(audit)).isEmpty();
  }

  @Test
  void sidecarAndClientApis_leakNoProtobufOrInternalTypes() throws Exception {
    List<Class<?>> server = publicClassesOf(CofferServer.class, "dev/coffer/grpc");
    List<Class<?>> client = publicClassesOf(CofferClient.class, "dev/coffer/grpc/client");
    assertThat(server).contains(CofferServer.class, BearerTokens.class);
    assertThat(client).contains(CofferClient.class, CofferClient.Builder.class);
    assertThat(leaks(server)).isEmpty();
    assertThat(leaks(client)).isEmpty();
  }

  @Test
  void archiveApi_leaksNoProtobufOrInternalTypes() throws Exception {
    List<Class<?>> archive =
        publicClassesOf(dev.coffer.engine.archive.ArchiveWriter.class, "dev/coffer/engine/archive");
    assertThat(archive).hasSizeGreaterThan(10);
    assertThat(leaks(archive)).isEmpty();
  }

  private static List<String> leaks(List<Class<?>> types) {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : types) {
      for (Field f : type.getFields()) {
        check(leaks, type + "." + f.getName(), f.getGenericType());
      }
      List<Executable> members = new ArrayList<>(List.of(type.getMethods()));
      members.addAll(List.of(type.getConstructors()));
      for (Executable m : members) {
        if (m.getDeclaringClass().getName().startsWith("java.")) {
          continue;
        }
        for (Type t : m.getGenericParameterTypes()) {
          check(leaks, type.getSimpleName() + "." + m.getName(), t);
        }
        if (m instanceof Method method) {
          check(leaks, type.getSimpleName() + "." + m.getName(), method.getGenericReturnType());
        }
      }
    }
    return leaks;
  }

  private static void check(List<String> leaks, String where, Type type) {
    String name = type.getTypeName();
    for (String f : FORBIDDEN) {
      if (name.contains(f)) {
        leaks.add(where + " exposes " + name);
      }
    }
  }

  /**
   * Public classes directly in the package of {@code anchor}, read from its class directory or jar.
   */
  private static List<Class<?>> publicClassesOf(Class<?> anchor, String packagePath)
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.list(location.resolve(packagePath))) {
        files.map(p -> p.getFileName().toString()).forEach(names::add);
      }
    } else {
      try (java.util.jar.JarFile jar = new java.util.jar.JarFile(location.toFile())) {
        jar.stream()
            .map(java.util.jar.JarEntry::getName)
            .filter(
                n ->
                    n.startsWith(packagePath + "/") && n.indexOf('/', packagePath.length() + 1) < 0)
            .map(n -> n.substring(packagePath.length() + 1))
            .forEach(names::add);
      }
    }
    List<Class<?>> out = new ArrayList<>();
    for (String file : names) {
      if (file.endsWith(".class")) {
        Class<?> c =
            Class.forName(
                packagePath.replace('/', '.') + "." + file.substring(0, file.length() - 6));
        if (Modifier.isPublic(c.getModifiers())) {
          out.add(c);
        }
      }
    }
    return out;
  }
}
