package dev.convoy.handler.agent;

import dev.convoy.launcher.libvirt.DomainInfo;
import dev.convoy.launcher.libvirt.LibvirtDomainDriver;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the domain of a VMI whose launcher died. Convoy's launchers drive the host's libvirtd, so
 * QEMU does not die with its launcher (in KubeVirt both share the pod): a launcher killed with
 * SIGKILL leaves a running domain behind, which would block the VM's next start under the same
 * domain name. The node agent destroys and undefines such a domain once the VMI is final, and only
 * when its UUID is the one the dead launcher last reported.
 */
@FunctionalInterface
public interface DomainReaper {

  /** Destroys and undefines domain {@code name} if its UUID is {@code uuid}. */
  void reap(String name, String uuid);

  /** Does nothing (tests without libvirt). */
  DomainReaper NONE = (name, uuid) -> {};

  /** The reaper on libvirt at {@code uri} (e.g. {@code qemu:///system}). */
  static DomainReaper libvirt(String uri) {
    Logger log = LoggerFactory.getLogger(DomainReaper.class);
    return (name, uuid) -> {
      try (LibvirtDomainDriver driver = LibvirtDomainDriver.connect(uri)) {
        Optional<DomainInfo> info = driver.info(name);
        if (info.isEmpty()) {
          return;
        }
        if (uuid != null && !uuid.equalsIgnoreCase(info.get().uuid())) {
          log.info("Not reaping domain {}: it is another one now ({})", name, info.get().uuid());
          return;
        }
        log.warn("Reaping domain {} ({}): its launcher is gone", name, info.get().uuid());
        if (info.get().state().active()) {
          driver.destroy(name);
        }
        driver.undefine(name);
      } catch (RuntimeException e) { // LibvirtFailure included
        log.warn("Could not reap domain {}: {}", name, e.getMessage());
      }
    };
  }
}
