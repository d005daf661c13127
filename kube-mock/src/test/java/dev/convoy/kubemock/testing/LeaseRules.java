package dev.convoy.kubemock.testing;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/** Lets controllers with leader election campaign on fabric8's mock API server. */
public final class LeaseRules {

  private LeaseRules() {}

  /**
   * Answers every SelfSubjectRulesReview with get, create and update on Leases, as the deploy/
   * Roles grant. JOSDK asks one before it takes a Lease; a real API server answers it from RBAC,
   * the CRUD mock would store the review and answer without status.
   */
  public static void grant(KubernetesMockServer server) {
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .withIncomplete(false)
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update")
                .endResourceRule()
                .endStatus()
                .build())
        .always();
  }
}
