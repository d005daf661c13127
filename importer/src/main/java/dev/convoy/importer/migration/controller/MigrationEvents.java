package dev.convoy.importer.migration.controller;

import dev.convoy.api.convoy.v1alpha1.Migration;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes Events about a Migration (core/v1, as {@code kubectl describe} shows them). */
final class MigrationEvents {
  static final String COMPONENT = "convoy-migration-controller";
  private static final Logger LOG = LoggerFactory.getLogger(MigrationEvents.class);

  private MigrationEvents() {}

  /** Records one event; best effort (a failed write is logged). */
  static void emit(
      KubernetesClient client, Migration migration, String type, String reason, String message) {
    String namespace = migration.getMetadata().getNamespace();
    String name = migration.getMetadata().getName();
    String now = Instant.now().toString();
    LOG.info("{}/{} {} {}: {}", namespace, name, type, reason, message);
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(name + "." + UUID.randomUUID().toString().substring(0, 13))
                  .withNamespace(namespace)
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion(migration.getApiVersion())
                  .withKind(migration.getKind())
                  .withName(name)
                  .withNamespace(namespace)
                  .withUid(migration.getMetadata().getUid())
                  .endInvolvedObject()
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.debug("event not recorded: {}", e.getMessage());
    }
  }
}
