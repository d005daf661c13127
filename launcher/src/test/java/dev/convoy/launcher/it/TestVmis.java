package dev.convoy.launcher.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** VMI manifests for the launcher's integration tests. */
final class TestVmis {
  private TestVmis() {}

  /**
   * The demo guest on a filesystem PVC named {@code root-claim}, masquerade NIC with {@code mac}.
   */
  static String demoGuest(String namespace, String name, String mac, long grace, boolean acpi) {
    return """
        apiVersion: kubevirt.io/v1
        kind: VirtualMachineInstance
        metadata:
          name: %s
          namespace: %s
          uid: %s
        spec:
          terminationGracePeriodSeconds: %d
          domain:
            memory:
              guest: 256Mi
            features:
              acpi:
                enabled: %s
            devices:
              disks:
                - name: root
                  bootOrder: 1
                  disk:
                    bus: virtio
              interfaces:
                - name: default
                  masquerade: {}
                  macAddress: "%s"
          networks:
            - name: default
              pod: {}
          volumes:
            - name: root
              persistentVolumeClaim:
                claimName: root-claim
        """
        .formatted(name, namespace, UUID.randomUUID(), grace, acpi, mac);
  }

  /** A diskless, NIC-less VMI that starts paused: the cheapest domain there is. */
  static String pausedDiskless(String namespace, String name) {
    return """
        apiVersion: kubevirt.io/v1
        kind: VirtualMachineInstance
        metadata:
          name: %s
          namespace: %s
          uid: %s
        spec:
          startStrategy: Paused
          terminationGracePeriodSeconds: 0
          domain:
            memory:
              guest: 32Mi
            devices:
              autoattachPodInterface: false
              autoattachSerialConsole: false
        """
        .formatted(name, namespace, UUID.randomUUID());
  }

  static Path write(Path dir, String fileName, String yaml) throws IOException {
    return Files.writeString(dir.resolve(fileName), yaml);
  }
}
