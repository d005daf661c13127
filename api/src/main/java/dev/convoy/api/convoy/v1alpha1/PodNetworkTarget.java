package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The pod network as a mapping target; written as an empty object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodNetworkTarget {}
