package dev.convoy.importer.vsphere;

import com.vmware.vim25.DynamicProperty;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.MissingProperty;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.PropertySpec;
import com.vmware.vim25.RetrieveOptions;
import com.vmware.vim25.SelectionSpec;
import com.vmware.vim25.ServiceContent;
import com.vmware.vim25.TraversalSpec;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryNote;
import dev.convoy.api.inventory.InventorySource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a vCenter's inventory the way the API is meant to be read: one {@code ContainerView}
 * over the whole tree and one {@code RetrievePropertiesEx} for every object type with exactly the
 * properties Convoy needs, paged with {@code ContinueRetrievePropertiesEx}. The number of round
 * trips does not depend on the number of VMs (beyond one per page of {@code pageSize} objects). If
 * the session expires during collection, it logs in again and starts the retrieval over.
 */
public final class VsphereCollector {

  /** Properties read for every VM. */
  public static final String[] VM_PATHS = {
    "name",
    "parent",
    "parentVApp",
    "resourcePool",
    "config.uuid",
    "config.instanceUuid",
    "config.template",
    "config.guestId",
    "config.guestFullName",
    "config.version",
    // One property for the hardware: in a response every property costs a wrapper element.
    "config.hardware",
    "config.firmware",
    "config.bootOptions",
    "config.cpuHotAddEnabled",
    "config.cpuHotRemoveEnabled",
    "config.memoryHotAddEnabled",
    "config.changeTrackingEnabled",
    "config.nestedHVEnabled",
    "config.annotation",
    "config.cpuAffinity",
    "config.ftInfo",
    "config.extraConfig",
    "runtime.powerState",
    "runtime.host",
    "runtime.consolidationNeeded",
    "guest.hostName",
    "guest.ipAddress",
    "guest.net",
    "guest.toolsRunningStatus",
    "guest.toolsVersionStatus2",
    "guest.guestId",
    "guest.guestFullName",
    "guest.guestFamily",
    "snapshot",
    "customValue"
  };

  private static final int MAX_ATTEMPTS = 3;

  private final int pageSize;

  /** A collector asking for at most {@code pageSize} objects per page. */
  public VsphereCollector(int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be positive");
    }
    this.pageSize = pageSize;
  }

  /** Progress of a collection, e.g. for a progress line. */
  public interface Listener {
    /** The container view exists; retrieval starts. */
    default void viewCreated() {}

    /** {@code objects} objects have arrived so far. */
    default void received(int objects) {}

    /** The session had ended; collection starts over after logging in again. */
    default void restarted(String reason) {}
  }

  /**
   * Numbers about one collection.
   *
   * @param roundTrips SOAP requests made by this collection (login excluded)
   * @param logins re-logins needed because the session ended
   */
  public record Stats(
      int objects, int vms, int pages, int roundTrips, int logins, Duration elapsed) {}

  /** The inventory and how it was obtained. */
  public record Result(Inventory inventory, Stats stats) {}

  /** Collects everything under the endpoint's datacenter (or the whole vCenter). */
  public Result collect(VsphereSession session, String sourceId, Listener listener)
      throws VsphereException {
    long started = System.nanoTime();
    int tripsBefore = session.roundTrips();
    int loginsBefore = session.logins();
    Retrieved retrieved = null;
    for (int attempt = 1; retrieved == null; attempt++) {
      try {
        retrieved = retrieve(session, listener);
      } catch (VsphereException e) {
        boolean lost =
            e.kind() == VsphereException.Kind.SESSION_LOST
                || (e.kind() == VsphereException.Kind.FAULT && !session.isActive());
        if (!lost || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        listener.restarted(e.getMessage());
        session.relogin();
      }
    }
    ServiceContent content = session.content();
    InventorySource source =
        new InventorySource(
            sourceId,
            InventorySource.Kind.VSPHERE,
            session.endpoint().location(),
            content.about == null ? null : content.about.fullName,
            content.about == null ? null : content.about.apiVersion,
            content.about == null ? null : content.about.instanceUuid,
            Instant.now().toString());
    List<InventoryNote> notes = new ArrayList<>(retrieved.notes);
    UnknownContent unknown = session.unknownContent();
    if (!unknown.fields().isEmpty()) {
      notes.add(
          new InventoryNote(
              sourceId,
              InventoryNote.Level.INFO,
              "the server sent properties newer than the client's vSphere 6.0 model; they were"
                  + " kept raw: "
                  + String.join(", ", unknown.fields())));
    }
    if (!unknown.types().isEmpty()) {
      notes.add(
          new InventoryNote(
              sourceId,
              InventoryNote.Level.INFO,
              "the server sent types newer than the client's vSphere 6.0 model; they were read as"
                  + " their base type: "
                  + String.join(", ", unknown.types())));
    }
    Inventory inventory = VsphereInventoryMapper.map(retrieved.objects, source, notes);
    Stats stats =
        new Stats(
            retrieved.objects.size(),
            inventory.vms().size(),
            retrieved.pages,
            session.roundTrips() - tripsBefore - (session.logins() - loginsBefore),
            session.logins() - loginsBefore,
            Duration.ofNanos(System.nanoTime() - started));
    return new Result(inventory, stats);
  }

  private record Retrieved(List<RawObject> objects, int pages, List<InventoryNote> notes) {}

  private Retrieved retrieve(VsphereSession session, Listener listener) throws VsphereException {
    ServiceContent content = session.content();
    var port = session.port();
    String datacenter = session.endpoint().datacenter();
    ManagedObjectReference container = content.rootFolder;
    ManagedObjectReference datacenterRef = null;
    if (datacenter != null) {
      datacenterRef =
          session.call(
              "FindByInventoryPath",
              () -> port.findByInventoryPath(content.searchIndex, datacenter));
      if (datacenterRef == null || !"Datacenter".equals(datacenterRef.type)) {
        throw new VsphereException(
            VsphereException.Kind.FAULT,
            "datacenter '" + datacenter + "' not found on " + session.endpoint(),
            null);
      }
      container = datacenterRef;
    }
    ManagedObjectReference containerRef = container;
    ManagedObjectReference view =
        session.call(
            "CreateContainerView",
            () ->
                port.createContainerView(
                    content.viewManager, containerRef, new String[] {"ManagedEntity"}, true));
    listener.viewCreated();
    try {
      PropertyFilterSpec filter = new PropertyFilterSpec();
      filter.objectSet = objectSpecs(view, content.customFieldsManager, datacenterRef);
      filter.propSet = propertySpecs();
      PropertyFilterSpec[] specs = {filter};
      RetrieveOptions options = new RetrieveOptions();
      options.maxObjects = pageSize;
      List<RawObject> objects = new ArrayList<>();
      List<InventoryNote> notes = new ArrayList<>();
      Map<String, Integer> missing = new HashMap<>();
      boolean[] sessionLost = {false};
      int pages =
          PropertyCollection.readAll(
              new PropertyCollection.PageSource() {
                @Override
                public com.vmware.vim25.RetrieveResult first() throws VsphereException {
                  return session.call(
                      "RetrievePropertiesEx",
                      () -> port.retrievePropertiesEx(content.propertyCollector, specs, options));
                }

                @Override
                public com.vmware.vim25.RetrieveResult next(String token) throws VsphereException {
                  return session.call(
                      "ContinueRetrievePropertiesEx",
                      () -> port.continueRetrievePropertiesEx(content.propertyCollector, token));
                }
              },
              object -> {
                objects.add(RawObject.of(object));
                if (object.missingSet != null) {
                  for (MissingProperty m : object.missingSet) {
                    if (m.fault != null
                        && m.fault.fault instanceof com.vmware.vim25.NotAuthenticated) {
                      sessionLost[0] = true;
                    }
                    String fault =
                        m.fault == null || m.fault.fault == null
                            ? "unknown"
                            : m.fault.fault.getClass().getSimpleName();
                    missing.merge(m.path + " (" + fault + ")", 1, Integer::sum);
                  }
                }
                if (objects.size() % 100 == 0) {
                  listener.received(objects.size());
                }
              });
      if (sessionLost[0]) {
        throw new VsphereException(
            VsphereException.Kind.SESSION_LOST,
            "the session on " + session.endpoint() + " ended during collection",
            null);
      }
      listener.received(objects.size());
      missing.forEach(
          (what, count) ->
              notes.add(
                  new InventoryNote(
                      null,
                      InventoryNote.Level.WARNING,
                      "property " + what + " could not be read on " + count + " object(s)")));
      return new Retrieved(objects, pages, notes);
    } finally {
      try {
        session.call(
            "DestroyView",
            () -> {
              port.destroyView(view);
              return null;
            });
      } catch (VsphereException e) {
        // The view dies with the session anyway.
      }
    }
  }

  private static ObjectSpec[] objectSpecs(
      ManagedObjectReference view,
      ManagedObjectReference customFieldsManager,
      ManagedObjectReference datacenter) {
    TraversalSpec traverseView = new TraversalSpec();
    traverseView.name = "traverseView";
    traverseView.type = "ContainerView";
    traverseView.path = "view";
    traverseView.skip = Boolean.FALSE;
    ObjectSpec viewSpec = new ObjectSpec();
    viewSpec.obj = view;
    viewSpec.skip = Boolean.TRUE;
    viewSpec.selectSet = new SelectionSpec[] {traverseView};
    List<ObjectSpec> specs = new ArrayList<>(List.of(viewSpec));
    if (customFieldsManager != null) {
      ObjectSpec fields = new ObjectSpec();
      fields.obj = customFieldsManager;
      specs.add(fields);
    }
    if (datacenter != null) {
      ObjectSpec dc = new ObjectSpec();
      dc.obj = datacenter;
      specs.add(dc);
    }
    return specs.toArray(new ObjectSpec[0]);
  }

  private static PropertySpec[] propertySpecs() {
    return new PropertySpec[] {
      PropertyCollection.propertySpec("Folder", "name", "parent"),
      PropertyCollection.propertySpec("Datacenter", "name", "parent", "vmFolder", "hostFolder"),
      PropertyCollection.propertySpec("ComputeResource", "name", "parent", "host", "resourcePool"),
      PropertyCollection.propertySpec("ClusterComputeResource", "configurationEx"),
      PropertyCollection.propertySpec("ResourcePool", "name", "parent", "owner"),
      PropertyCollection.propertySpec(
          "HostSystem",
          "name",
          "parent",
          "summary.hardware",
          "summary.config.product",
          "runtime.connectionState",
          "runtime.inMaintenanceMode"),
      PropertyCollection.propertySpec("Network", "name", "parent"),
      PropertyCollection.propertySpec(
          "DistributedVirtualPortgroup",
          "config.key",
          "config.distributedVirtualSwitch",
          "config.defaultPortConfig"),
      PropertyCollection.propertySpec("DistributedVirtualSwitch", "name", "uuid"),
      PropertyCollection.propertySpec("Datastore", "name", "parent", "summary"),
      PropertyCollection.propertySpec("VirtualMachine", VM_PATHS),
      PropertyCollection.propertySpec("CustomFieldsManager", "field")
    };
  }

  /** One object's properties by path. */
  record RawObject(ManagedObjectReference ref, Map<String, Object> props) {
    static RawObject of(ObjectContent content) {
      Map<String, Object> props = new HashMap<>();
      if (content.propSet != null) {
        for (DynamicProperty p : content.propSet) {
          props.put(p.name, p.val);
        }
      }
      return new RawObject(content.obj, props);
    }

    Object get(String path) {
      return props.get(path);
    }

    String string(String path) {
      Object v = props.get(path);
      return v == null ? null : v.toString();
    }

    ManagedObjectReference ref(String path) {
      return props.get(path) instanceof ManagedObjectReference r ? r : null;
    }
  }
}
