package dev.coffer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.policy.Outcome;
import org.junit.jupiter.api.Test;

/** Runs the policy benchmark's methods once and checks they measure what their names say. */
class PolicyBenchmarkTest {
  @Test
  void decisions_areTheOnesTheBenchmarkNames() {
    PolicyBenchmark benchmark = new PolicyBenchmark();
    benchmark.setUp();
    assertThat(benchmark.decideAllowed().outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(benchmark.decideAllowed().explanation()).contains("AppUsesTenantContext");
    assertThat(benchmark.decideImplicitDeny().outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(benchmark.buildRequestContext().values("kms:EncryptionContext:tenant"))
        .containsExactly("acme");
  }
}
