package dev.convoy.api.cdi.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.convoy.api.ExtensibleObject;

/** Upload source (CDI DataVolumeSourceUpload); written as an empty object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataVolumeSourceUpload extends ExtensibleObject {}
