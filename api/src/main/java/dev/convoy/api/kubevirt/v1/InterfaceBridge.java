package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.convoy.api.ExtensibleObject;

/** Bridge binding (KubeVirt InterfaceBridge); written as an empty object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InterfaceBridge extends ExtensibleObject {}
