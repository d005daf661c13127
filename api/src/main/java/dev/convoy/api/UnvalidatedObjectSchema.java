package dev.convoy.api;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

/**
 * Schema stand-in for CRD generation, used with {@code @SchemaFrom(type =
 * UnvalidatedObjectSchema.class)}: the field becomes {@code type: object} with {@code
 * x-kubernetes-preserve-unknown-fields: true}, which is how KubeVirt's own CRDs describe embedded
 * template metadata. Never instantiated.
 */
@PreserveUnknownFields
public final class UnvalidatedObjectSchema {
  private UnvalidatedObjectSchema() {}
}
