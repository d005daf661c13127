package dev.convoy.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.operator.ConvoyOperator;
import dev.convoy.operator.OperatorConfig;
import dev.convoy.operator.testing.FakeKubelet;
import dev.convoy.operator.testing.FakeNodeAgent;
import dev.convoy.operator.testing.Fixtures;
import dev.convoy.operator.testing.MockKube;
import dev.convoy.operator.vmi.LauncherSettings;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("leader election: of two replicas one reconciles; when it goes, the other takes over")
class LeaderElectionTest extends OperatorTestBase {

  @BeforeAll
  static void start() {
    kube = MockKube.start();
  }

  @AfterAll
  static void stop() {
    kube.close();
  }

  static long reconciles(ConvoyOperator o) {
    return o.metrics().reconciliations(VirtualMachineReconciler.NAME);
  }

  @Test
  void failover() {
    String leaseNs = kube.namespace("convoy-system");
    OperatorConfig config =
        OperatorConfig.forTests(LauncherSettings.defaults())
            .withLeaderElection(leaseNs, "convoy-operator", 3);
    AtomicInteger lost = new AtomicInteger();
    ConvoyOperator a =
        ConvoyOperator.start(kube.newClient(), config, Clock.systemUTC(), lost::incrementAndGet);
    ConvoyOperator b =
        ConvoyOperator.start(kube.newClient(), config, Clock.systemUTC(), lost::incrementAndGet);
    try (FakeKubelet kubelet = new FakeKubelet(kube.newClient(), "node-1");
        FakeNodeAgent agent = new FakeNodeAgent(kube.newClient(), "node-1")) {
      String ns = kube.namespace("le");
      client().resource(Fixtures.vm(ns, "first", "Always")).create();
      awaitPrintable(ns, "first", "Running");
      Lease lease = client().leases().inNamespace(leaseNs).withName("convoy-operator").get();
      assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
      assertThat(reconciles(a) == 0 || reconciles(b) == 0)
          .as("only the leader reconciles")
          .isTrue();

      ConvoyOperator leader = reconciles(a) > 0 ? a : b;
      ConvoyOperator follower = leader == a ? b : a;
      leader.close();
      client().resource(Fixtures.vm(ns, "second", "Always")).create();
      awaitPrintable(ns, "second", "Running");
      assertThat(reconciles(follower)).isPositive();
      assertThat(lost.get()).as("an orderly stop is not a lost lease").isZero();
    } finally {
      a.close();
      b.close();
    }
  }
}
