import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.PropertySpec;
import com.vmware.vim25.RetrieveOptions;
import com.vmware.vim25.RetrieveResult;
import com.vmware.vim25.SelectionSpec;
import com.vmware.vim25.TraversalSpec;
import dev.convoy.importer.vsphere.PropertyCollection;
import dev.convoy.importer.vsphere.Thumbprint;
import dev.convoy.importer.vsphere.TlsPolicy;
import dev.convoy.importer.vsphere.VsphereCollector;
import dev.convoy.importer.vsphere.VsphereCredentials;
import dev.convoy.importer.vsphere.VsphereEndpoint;
import dev.convoy.importer.vsphere.VsphereSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Convoy's collection (one ContainerView, one paged RetrievePropertiesEx for every type) against a
 * naive per-VM collection (list the VMs, then one RetrievePropertiesEx per VM for the same
 * properties), in one JVM, same vCenter, same properties. Prints time and SOAP round trips.
 * Run through bench/inventory-bench.sh.
 */
public final class InventoryBench {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Thumbprint pin = Thumbprint.parse(args[1]);
    int delayMillis = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    if (delayMillis > 0) {
      // A network between client and vCenter: every client-to-server write waits delayMillis.
      port = DelayProxy.start(port, delayMillis);
      System.out.println("(through a proxy adding " + delayMillis + " ms to every request)");
    }
    VsphereEndpoint endpoint = new VsphereEndpoint("user", "127.0.0.1", port, null);
    try (VsphereSession session =
        VsphereSession.open(
            endpoint,
            new VsphereCredentials("user", "pass".toCharArray()),
            new TlsPolicy.Pinned(pin),
            Duration.ofMinutes(5))) {
      List<String> rows = new ArrayList<>();
      for (String run : new String[] {"cold", "warm"}) {
        int before = session.roundTrips();
        long start = System.nanoTime();
        VsphereCollector.Result result =
            new VsphereCollector(1000).collect(session, "vc", new VsphereCollector.Listener() {});
        double seconds = (System.nanoTime() - start) / 1e9;
        int disks = result.inventory().vms().stream().mapToInt(v -> v.disks().size()).sum();
        int nics = result.inventory().vms().stream().mapToInt(v -> v.nics().size()).sum();
        rows.add(
            row("convoy: ContainerView + RetrievePropertiesEx (" + run + ")",
                result.inventory().vms().size(), session.roundTrips() - before, seconds,
                disks + " disks, " + nics + " NICs, hosts/clusters/networks/datastores too"));
      }
      for (String run : new String[] {"cold", "warm"}) {
        int before = session.roundTrips();
        long start = System.nanoTime();
        int vms = naive(session);
        double seconds = (System.nanoTime() - start) / 1e9;
        rows.add(
            row("naive: one RetrievePropertiesEx per VM (" + run + ")",
                vms, session.roundTrips() - before, seconds, "same VM properties, VMs only"));
      }
      System.out.printf(Locale.ROOT, "%-58s %6s %12s %9s  %s%n", "approach", "VMs", "round trips", "seconds", "collected");
      rows.forEach(System.out::println);
    }
  }

  private static String row(String name, int vms, int trips, double seconds, String what) {
    return String.format(Locale.ROOT, "%-58s %6d %12d %9.3f  %s", name, vms, trips, seconds, what);
  }

  /** Lists VMs through a view, then reads each VM's properties with its own call. */
  private static int naive(VsphereSession session) throws Exception {
    var content = session.content();
    var port = session.port();
    ManagedObjectReference view =
        port.createContainerView(content.viewManager, content.rootFolder, new String[] {"VirtualMachine"}, true);
    TraversalSpec traverse = new TraversalSpec();
    traverse.name = "view";
    traverse.type = "ContainerView";
    traverse.path = "view";
    traverse.skip = false;
    ObjectSpec viewSpec = new ObjectSpec();
    viewSpec.obj = view;
    viewSpec.skip = true;
    viewSpec.selectSet = new SelectionSpec[] {traverse};
    PropertyFilterSpec list = new PropertyFilterSpec();
    list.objectSet = new ObjectSpec[] {viewSpec};
    list.propSet = new PropertySpec[] {PropertyCollection.propertySpec("VirtualMachine", "name")};
    List<ManagedObjectReference> vms = new ArrayList<>();
    RetrieveResult page =
        port.retrievePropertiesEx(content.propertyCollector, new PropertyFilterSpec[] {list}, new RetrieveOptions());
    while (page != null) {
      for (ObjectContent o : page.objects) {
        vms.add(o.obj);
      }
      page = page.token == null ? null : port.continueRetrievePropertiesEx(content.propertyCollector, page.token);
    }
    port.destroyView(view);
    int read = 0;
    for (ManagedObjectReference vm : vms) {
      ObjectSpec one = new ObjectSpec();
      one.obj = vm;
      PropertyFilterSpec spec = new PropertyFilterSpec();
      spec.objectSet = new ObjectSpec[] {one};
      spec.propSet = new PropertySpec[] {PropertyCollection.propertySpec("VirtualMachine", VsphereCollector.VM_PATHS)};
      RetrieveResult r =
          port.retrievePropertiesEx(content.propertyCollector, new PropertyFilterSpec[] {spec}, new RetrieveOptions());
      read += r.objects.length;
    }
    return read;
  }

  /** A TCP relay that delays every chunk the client sends, like a network round trip. */
  static final class DelayProxy {
    static int start(int target, int delayMillis) throws java.io.IOException {
      java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(() -> {
        while (true) {
          try {
            java.net.Socket client = server.accept();
            java.net.Socket upstream = new java.net.Socket("127.0.0.1", target);
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            pump(client.getInputStream(), upstream.getOutputStream(), delayMillis);
            pump(upstream.getInputStream(), client.getOutputStream(), 0);
          } catch (java.io.IOException e) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      return server.getLocalPort();
    }

    private static void pump(java.io.InputStream in, java.io.OutputStream out, int delayMillis) {
      Thread t = new Thread(() -> {
        byte[] buffer = new byte[64 * 1024];
        try {
          int n;
          while ((n = in.read(buffer)) >= 0) {
            if (delayMillis > 0) {
              Thread.sleep(delayMillis);
            }
            out.write(buffer, 0, n);
            out.flush();
          }
        } catch (java.io.IOException | InterruptedException e) {
          // connection closed
        } finally {
          try {
            out.close();
          } catch (java.io.IOException e) {
            // already closed
          }
        }
      });
      t.setDaemon(true);
      t.start();
    }
  }
}
