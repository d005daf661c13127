package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.convoy.api.ExtensibleObject;

/** Masquerade binding (KubeVirt InterfaceMasquerade); written as an empty object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InterfaceMasquerade extends ExtensibleObject {}
