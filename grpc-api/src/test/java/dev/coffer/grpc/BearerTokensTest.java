package dev.coffer.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.Principal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokensTest {
  static final Principal APP = Principal.of("arn:aws:iam::000000000000:role/App");
  static final Principal OPS = Principal.of("arn:aws:iam::000000000000:user/ops");

  @TempDir Path dir;

  @Test
  void aTokensFile_holdsOnlyHashes_andMapsEachTokenToItsPrincipal() throws Exception {
    String app = BearerTokens.newToken();
    String ops = BearerTokens.newToken();
    Path file = dir.resolve("tokens");
    Files.writeString(
        file,
        "# sidecar tokens\n\n"
            + BearerTokens.fileLine(app, APP)
            + "\n  "
            + BearerTokens.fileLine(ops, OPS)
            + "\n");
    assertThat(Files.readString(file)).doesNotContain(app).doesNotContain(ops);
    BearerTokens tokens = BearerTokens.load(file);
    assertThat(tokens.size()).isEqualTo(2);
    assertThat(tokens.authenticate(app)).contains(APP);
    assertThat(tokens.authenticate(ops)).contains(OPS);
    assertThat(tokens.authenticate(app + "x")).isEmpty();
    assertThat(tokens.authenticate("")).isEmpty();
    assertThat(tokens.toString()).doesNotContain("sha256");
  }

  @Test
  void aBadLine_isReportedByNumber_withoutItsContent() throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(file, "sha256:abcd " + APP.name() + "\nplain-secret-token someone\n");
    assertThatThrownBy(() -> BearerTokens.load(file))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("line 1")
        .hasMessageNotContaining("abcd");
    Files.writeString(file, "plain-secret-token " + APP.name() + "\n");
    assertThatThrownBy(() -> BearerTokens.load(file))
        .hasMessageContaining("line 1")
        .hasMessageNotContaining("plain-secret-token");
  }

  @Test
  void newTokens_areLongAndDistinct() {
    String a = BearerTokens.newToken();
    assertThat(a).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(BearerTokens.newToken());
  }
}
