package dev.convoy.api.cdi.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.convoy.api.ExtensibleObject;

/** Blank disk source (CDI DataVolumeBlankImage); written as an empty object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataVolumeBlankImage extends ExtensibleObject {}
