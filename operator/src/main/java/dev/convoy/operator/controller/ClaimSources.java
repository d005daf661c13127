package dev.convoy.operator.controller;

import dev.convoy.api.cdi.v1beta1.DataVolume;
import dev.convoy.api.kubevirt.v1.Volume;
import dev.convoy.operator.volumes.StorageView;
import dev.convoy.operator.volumes.VolumeFacts;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Watches the PVCs (and, when CDI is installed, the DataVolumes) that a primary's volumes name, so
 * that a claim appearing, binding or finishing its import re-triggers the VM or VMI that waits for
 * it. Claims point at nothing, so the primary cache is indexed by {@code namespace/claim} and
 * events are mapped back through that index.
 *
 * @param <P> VirtualMachine or VirtualMachineInstance
 */
public final class ClaimSources<P extends HasMetadata> {

  /** Event source names. */
  public static final String PVCS = "pvcs";

  public static final String DATA_VOLUMES = "datavolumes";

  private static final String INDEX = "claims";

  private final Function<P, List<Volume>> volumesOf;
  private final boolean dataVolumesServed;
  private volatile InformerEventSource<DataVolume, P> dataVolumeSource;

  /**
   * @param volumesOf the volumes of a primary
   * @param dataVolumesServed whether the cluster serves cdi.kubevirt.io DataVolumes (checked once
   *     at start)
   */
  public ClaimSources(Function<P, List<Volume>> volumesOf, boolean dataVolumesServed) {
    this.volumesOf = volumesOf;
    this.dataVolumesServed = dataVolumesServed;
  }

  /** Whether DataVolumes are watched. */
  public boolean dataVolumesServed() {
    return dataVolumesServed;
  }

  private List<String> keys(P primary) {
    String ns = primary.getMetadata().getNamespace();
    return StorageView.claimNames(volumesOf.apply(primary)).stream()
        .map(c -> ns + "/" + c)
        .collect(Collectors.toList());
  }

  /** The PVC (and DataVolume) event sources; registers the claim index on the primary cache. */
  public List<EventSource<?, P>> eventSources(EventSourceContext<P> context, Class<P> primaryType) {
    context.getPrimaryCache().addIndexer(INDEX, this::keys);
    List<EventSource<?, P>> sources = new ArrayList<>();
    sources.add(source(context, primaryType, PersistentVolumeClaim.class, PVCS));
    if (dataVolumesServed) {
      dataVolumeSource = source(context, primaryType, DataVolume.class, DATA_VOLUMES);
      sources.add(dataVolumeSource);
    }
    return sources;
  }

  private <R extends HasMetadata> InformerEventSource<R, P> source(
      EventSourceContext<P> context, Class<P> primaryType, Class<R> type, String name) {
    var config =
        InformerEventSourceConfiguration.from(type, primaryType)
            .withName(name)
            .withSecondaryToPrimaryMapper(
                (R claim) ->
                    context
                        .getPrimaryCache()
                        .byIndex(
                            INDEX,
                            claim.getMetadata().getNamespace()
                                + "/"
                                + claim.getMetadata().getName())
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withPrimaryToSecondaryMapper(
                (P primary) ->
                    StorageView.claimNames(volumesOf.apply(primary)).stream()
                        .map(c -> new ResourceID(c, primary.getMetadata().getNamespace()))
                        .collect(Collectors.toSet()))
            .build();
    return new InformerEventSource<>(config, context);
  }

  /** The volume facts of {@code primary} from the informer caches. */
  public VolumeFacts facts(P primary, Context<P> context) {
    List<Volume> volumes = volumesOf.apply(primary);
    Set<String> names = StorageView.claimNames(volumes);
    if (names.isEmpty()) {
      return VolumeFacts.READY;
    }
    Map<String, PersistentVolumeClaim> pvcs = new HashMap<>();
    context
        .getSecondaryResources(PersistentVolumeClaim.class)
        .forEach(p -> pvcs.put(p.getMetadata().getName(), p));
    Map<String, DataVolume> dvs = new HashMap<>();
    if (dataVolumesServed) {
      context
          .getSecondaryResources(DataVolume.class)
          .forEach(d -> dvs.put(d.getMetadata().getName(), d));
    }
    return StorageView.facts(volumes, pvcs, dvs, dataVolumesServed);
  }

  /** Puts a DataVolume this controller just created into the cache, so the next read sees it. */
  public void created(P primary, DataVolume dataVolume) {
    if (dataVolumeSource != null) {
      dataVolumeSource.handleRecentResourceCreate(ResourceID.fromResource(primary), dataVolume);
    }
  }

  /** The DataVolumes of {@code primary}'s volumes that exist, by name. */
  public Map<String, DataVolume> dataVolumes(Context<P> context) {
    Map<String, DataVolume> dvs = new HashMap<>();
    if (dataVolumesServed) {
      context
          .getSecondaryResources(DataVolume.class)
          .forEach(d -> dvs.put(d.getMetadata().getName(), d));
    }
    return dvs;
  }

  /** The PVCs of {@code primary}'s volumes that exist, by name. */
  public Map<String, PersistentVolumeClaim> claims(Context<P> context) {
    Map<String, PersistentVolumeClaim> pvcs = new HashMap<>();
    context
        .getSecondaryResources(PersistentVolumeClaim.class)
        .forEach(p -> pvcs.put(p.getMetadata().getName(), p));
    return pvcs;
  }
}
