package dev.coffer.cli;

import static dev.coffer.cli.DemoStep.expect;
import static dev.coffer.cli.ObjectSteps.BUCKET;

import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.grpc.BearerTokens;
import dev.coffer.grpc.CofferServer;
import dev.coffer.grpc.client.CofferClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The steps of {@code coffer demo} for the sidecar: the data directory served over gRPC with TLS
 * and a bearer token on a loopback port, an object put through it and read back both ways, and a
 * wrong token refused. Each step starts the server and stops it before it returns, as {@code coffer
 * serve} would be started and stopped; the certificate and token stay in {@code DIR/sidecar/}.
 */
final class SidecarSteps {
  private static final String KEY = "remote/hello.txt";
  private static final byte[] CONTENT =
      "written through the sidecar\n".getBytes(StandardCharsets.UTF_8);

  private SidecarSteps() {}

  static List<DemoStep> steps() {
    return List.of(
        new DemoStep(
            "Serve the directory over gRPC; put an object through the sidecar, read it back here",
            "coffer serve --listen 127.0.0.1:7443 &\n"
                + "    $ coffer --server 127.0.0.1:7443 --ca-cert DIR/sidecar/server.pem"
                + " --token-file DIR/sidecar/token put "
                + BUCKET
                + "/"
                + KEY
                + " - "
                + DemoTour.CONTEXT,
            SidecarSteps::roundTrip),
        new DemoStep(
            "Call the sidecar with a wrong token",
            "COFFER_TOKEN=wrong coffer --server 127.0.0.1:7443 --ca-cert DIR/sidecar/server.pem ls",
            SidecarSteps::wrongToken));
  }

  /** A running sidecar on the demo's store, and how to reach it. */
  private record Sidecar(CofferServer server, Path certificate, String token)
      implements AutoCloseable {
    static Sidecar start(DemoTour.State s) {
      try {
        Path dir = Files.createDirectories(s.root.resolve("sidecar"));
        Path certificate = dir.resolve("server.pem");
        Path key = dir.resolve("server.key");
        if (!Files.exists(certificate)) {
          SelfSignedCertificate.write(certificate, key, "127.0.0.1");
        }
        String token = BearerTokens.newToken();
        Files.deleteIfExists(dir.resolve("token"));
        SecretFiles.writeOwnerOnly(dir.resolve("token"), token + "\n");
        Path tokens = dir.resolve("tokens");
        Files.writeString(
            tokens, BearerTokens.fileLine(token, s.principal) + "\n", StandardCharsets.UTF_8);
        CofferServer server =
            CofferServer.builder()
                .store(s.coffer)
                .listen("127.0.0.1", 0)
                .tls(certificate, key)
                .tokens(BearerTokens.load(tokens))
                .build()
                .start();
        return new Sidecar(server, certificate, token);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot set up the sidecar in " + s.root, e);
      }
    }

    CofferClient client(String withToken) {
      return CofferClient.builder()
          .target("127.0.0.1", server.port())
          .userAgent(SidecarSession.USER_AGENT)
          .tls(certificate)
          .token(withToken)
          .build();
    }

    @Override
    public void close() {
      server.close();
    }
  }

  private static String roundTrip(DemoTour.State s) {
    try (Sidecar sidecar = Sidecar.start(s);
        CofferClient client = sidecar.client(sidecar.token())) {
      expect(
          client.caller().principal().equals(s.principal),
          "the sidecar to map the token to " + s.principal);
      ObjectStore remote = client.objects();
      ObjectInfo put =
          remote.putObject(
              PutObjectRequest.builder(BUCKET, KEY)
                  .sseKms()
                  .encryptionContext(s.context)
                  .contentType("text/plain")
                  .build(),
              CONTENT);
      expect(
          put.kmsKeyArn().equals(s.keyArn) && put.bucketKeyEnabled(),
          "the bucket's default encryption, applied by the sidecar");
      expect(
          Arrays.equals(read(s.s3, KEY, s), CONTENT),
          "the embedded store to read what the sidecar wrote");
      expect(
          Arrays.equals(read(remote, ObjectSteps.KEY, s), ObjectSteps.CONTENT),
          "the sidecar to read what the embedded store wrote");
      return "the sidecar listened on 127.0.0.1:"
          + sidecar.server().port()
          + " over TLS (a free port here; coffer serve defaults to 7443); the token maps to "
          + client.caller().principal()
          + ". The object went over TLS, was encrypted under "
          + DemoTour.ALIAS
          + " version "
          + put.kmsKeyVersion()
          + ", reads back here, and the sidecar reads the demo object too.";
    }
  }

  private static String wrongToken(DemoTour.State s) {
    try (Sidecar sidecar = Sidecar.start(s);
        CofferClient client = sidecar.client(BearerTokens.newToken())) {
      try {
        client.objects().listBuckets();
      } catch (StatusRuntimeException e) {
        expect(
            e.getStatus().getCode() == Status.Code.UNAUTHENTICATED,
            "UNAUTHENTICATED, not " + e.getStatus().getCode());
        return "refused with UNAUTHENTICATED before reaching the store (exit code 13); the"
            + " sidecar keeps only SHA-256 hashes of its tokens";
      }
      throw new DemoStep.Mismatch("expected UNAUTHENTICATED, but the call succeeded");
    }
  }

  private static byte[] read(ObjectStore s3, String key, DemoTour.State s) {
    return ObjectSteps.read(s3, GetObjectRequest.of(BUCKET, key).expectingContext(s.context));
  }
}
