package dev.convoy.importer.vsphere;

import com.vmware.vim25.LocalizedMethodFault;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.PropertySpec;
import com.vmware.vim25.RetrieveOptions;
import com.vmware.vim25.RetrieveResult;
import com.vmware.vim25.TaskInfoState;
import java.time.Duration;

/** Waits for vSphere tasks (reconfigure, snapshot, power operations) to finish. */
public final class VsphereTasks {
  private VsphereTasks() {}

  /**
   * Polls the task's {@code info.state} until it succeeds, fails or {@code timeout} passes.
   *
   * @return the task's result value, or null
   * @throws VsphereException when the task fails (with vSphere's message) or times out
   */
  public static Object await(VsphereSession session, ManagedObjectReference task, Duration timeout)
      throws VsphereException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 20;
    while (true) {
      ObjectContent info = read(session, task);
      TaskInfoState state = null;
      Object result = null;
      LocalizedMethodFault error = null;
      if (info != null && info.propSet != null) {
        for (var p : info.propSet) {
          switch (p.name) {
            case "info.state" -> state = (TaskInfoState) p.val;
            case "info.result" -> result = p.val;
            case "info.error" -> error = (LocalizedMethodFault) p.val;
            default -> {}
          }
        }
      }
      if (state == TaskInfoState.success) {
        return result;
      }
      if (state == TaskInfoState.error) {
        String fault =
            error == null || error.fault == null
                ? "unknown fault"
                : VsphereInventoryMapper.typeName(error.fault);
        throw new VsphereException(
            VsphereException.Kind.FAULT,
            "task "
                + task.val
                + " failed: "
                + fault
                + (error != null && error.localizedMessage != null
                    ? " (" + error.localizedMessage + ")"
                    : ""),
            null);
      }
      if (System.nanoTime() > deadline) {
        throw new VsphereException(
            VsphereException.Kind.FAULT,
            "task " + task.val + " did not finish within " + timeout.toSeconds() + " s",
            null);
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VsphereException(VsphereException.Kind.FAULT, "interrupted", e);
      }
      pause = Math.min(pause * 2, 1000);
    }
  }

  private static ObjectContent read(VsphereSession session, ManagedObjectReference task)
      throws VsphereException {
    PropertySpec spec =
        PropertyCollection.propertySpec("Task", "info.state", "info.result", "info.error");
    ObjectSpec object = new ObjectSpec();
    object.obj = task;
    PropertyFilterSpec filter = new PropertyFilterSpec();
    filter.propSet = new PropertySpec[] {spec};
    filter.objectSet = new ObjectSpec[] {object};
    RetrieveResult result =
        session.call(
            "RetrievePropertiesEx",
            () ->
                session
                    .port()
                    .retrievePropertiesEx(
                        session.content().propertyCollector,
                        new PropertyFilterSpec[] {filter},
                        new RetrieveOptions()));
    return result == null || result.objects == null || result.objects.length == 0
        ? null
        : result.objects[0];
  }
}
