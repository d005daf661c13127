package dev.convoy.launcher.convert;

import static dev.convoy.launcher.domain.XmlElement.element;

import dev.convoy.api.kubevirt.v1.Interface;
import dev.convoy.api.kubevirt.v1.InterfaceMasquerade;
import dev.convoy.api.kubevirt.v1.Network;
import dev.convoy.api.kubevirt.v1.PodNetwork;
import dev.convoy.launcher.domain.Domain;
import dev.convoy.launcher.domain.XmlElement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Network interfaces.
 *
 * <ul>
 *   <li>{@code masquerade} on the pod network becomes QEMU user-mode networking: the guest gets NAT
 *       to the outside through the launcher, with no root network set-up on the host. The
 *       interface's {@code ports} describe inbound forwarding by the pod, which user-mode
 *       networking does not do; they are accepted and have no effect on the domain.
 *   <li>{@code bridge} attaches to the host bridge {@link NetworkLayout} names for the network (a
 *       Multus {@code networkName}, or {@code pod}); an interface without a binding is a bridge
 *       interface, KubeVirt's default.
 *   <li>MAC from {@code macAddress}; model virtio (default), e1000, e1000e, rtl8139, ne2k_pci or
 *       pcnet; {@code bootOrder}; {@code state: down} is a link that is down, {@code absent} leaves
 *       the interface out.
 *   <li>Without interfaces and networks, and unless {@code autoattachPodInterface: false}, the VMI
 *       gets KubeVirt's default: one interface {@code default} on the pod network, here masquerade.
 * </ul>
 */
final class InterfacesStep implements DomainStep {
  private static final Set<String> MODELS =
      Set.of("virtio", "e1000", "e1000e", "rtl8139", "ne2k_pci", "pcnet");
  private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");

  @Override
  public void apply(ConversionInput input, Domain domain) {
    var devices = input.domainSpec().getDevices();
    List<Interface> interfaces =
        devices == null || devices.getInterfaces() == null ? List.of() : devices.getInterfaces();
    List<Network> networks =
        input.spec().getNetworks() == null ? List.of() : input.spec().getNetworks();
    if (devices != null && Boolean.TRUE.equals(devices.getNetworkInterfaceMultiqueue())) {
      input.problem(
          "spec.domain.devices.networkInterfaceMultiqueue",
          "multi-queue interfaces are not supported by the Convoy launcher");
    }
    if (interfaces.isEmpty() && networks.isEmpty()) {
      boolean autoattach =
          devices == null || !Boolean.FALSE.equals(devices.getAutoattachPodInterface());
      if (autoattach) {
        Interface defaultInterface = new Interface();
        defaultInterface.setName("default");
        defaultInterface.setMasquerade(new InterfaceMasquerade());
        Network pod = new Network();
        pod.setName("default");
        pod.setPod(new PodNetwork());
        interfaces = List.of(defaultInterface);
        networks = List.of(pod);
      }
    }
    Map<String, Network> networksByName = new HashMap<>();
    for (int i = 0; i < networks.size(); i++) {
      Network network = networks.get(i);
      String field = "spec.networks[" + i + "]";
      if (network.getName() == null || network.getName().isEmpty()) {
        input.problem(field + ".name", "is required");
        continue;
      }
      if (network.getPod() != null && network.getMultus() != null) {
        input.problem(field, "set either pod or multus, not both");
      } else if (network.getPod() == null && network.getMultus() == null) {
        input.problem(field, "network '" + network.getName() + "' needs pod or multus");
      }
      if (networksByName.putIfAbsent(network.getName(), network) != null) {
        input.problem(field + ".name", "network '" + network.getName() + "' is defined twice");
      }
    }
    Set<String> names = new HashSet<>();
    Set<String> macs = new HashSet<>();
    for (int i = 0; i < interfaces.size(); i++) {
      Interface iface = interfaces.get(i);
      String field = "spec.domain.devices.interfaces[" + i + "]";
      if (iface.getName() == null || iface.getName().isEmpty()) {
        input.problem(field + ".name", "is required");
        continue;
      }
      if (!names.add(iface.getName())) {
        input.problem(field + ".name", "interface '" + iface.getName() + "' is defined twice");
        continue;
      }
      Network network = networksByName.get(iface.getName());
      if (network == null) {
        input.problem(
            field + ".name", "no network named '" + iface.getName() + "' in spec.networks");
        continue;
      }
      XmlElement element = iface(input, iface, network, field, macs);
      if (element != null) {
        domain.interfaces().add(element);
      }
    }
  }

  private static XmlElement iface(
      ConversionInput input, Interface iface, Network network, String field, Set<String> macs) {
    String state = iface.getState() == null ? "up" : iface.getState();
    if (!Set.of("up", "down", "absent").contains(state)) {
      input.problem(field + ".state", "must be up, down or absent");
      return null;
    }
    if (state.equals("absent")) {
      return null;
    }
    if (iface.getSriov() != null) {
      input.problem(field + ".sriov", "SR-IOV is not supported by the Convoy launcher");
      return null;
    }
    if (iface.getMasquerade() != null && iface.getBridge() != null) {
      input.problem(field, "set only one binding: masquerade or bridge");
      return null;
    }
    if (iface.getPciAddress() != null) {
      input.problem(
          field + ".pciAddress",
          "fixed guest PCI addresses are not supported by the Convoy launcher");
    }
    boolean pod = network.getPod() != null;
    String networkKey = pod ? NetworkLayout.POD_NETWORK : network.getMultus().getNetworkName();
    XmlElement element = element("interface");
    if (iface.getMasquerade() != null) {
      if (!pod) {
        input.problem(field + ".masquerade", "masquerade works only on the pod network");
        return null;
      }
      element.attr("type", "user");
    } else {
      if (networkKey == null || networkKey.isEmpty()) {
        input.problem(field, "network '" + network.getName() + "' has no multus networkName");
        return null;
      }
      var bridge = input.context().networks().bridgeFor(networkKey);
      if (bridge.isEmpty()) {
        input.problem(
            field + ".bridge",
            "network '"
                + network.getName()
                + "' ("
                + (pod ? "the pod network" : "multus " + networkKey)
                + ") has no host bridge on this host");
        return null;
      }
      element.attr("type", "bridge");
      element.addChild("source").attr("bridge", bridge.get());
    }
    if (iface.getMacAddress() != null) {
      String mac = iface.getMacAddress().toLowerCase(Locale.ROOT);
      if (!MAC.matcher(mac).matches()) {
        input.problem(
            field + ".macAddress", "'" + iface.getMacAddress() + "' is not a MAC address");
      } else if ((Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
        input.problem(field + ".macAddress", mac + " is a multicast address");
      } else if (!macs.add(mac)) {
        input.problem(field + ".macAddress", mac + " is used by two interfaces");
      }
      // libvirt wants the MAC before the source: insert it first.
      XmlElement withMac = element("interface").attr("type", element.attribute("type"));
      withMac.addChild("mac").attr("address", mac);
      element.children().forEach(withMac::child);
      element = withMac;
    }
    String model = iface.getModel() == null ? "virtio" : iface.getModel();
    if (!MODELS.contains(model)) {
      input.problem(
          field + ".model",
          "model '"
              + model
              + "' is not supported; use one of "
              + MODELS.stream().sorted().toList());
    }
    element.addChild("model").attr("type", model);
    if (iface.getBootOrder() != null
        && input.claimBootOrder(iface.getBootOrder(), field + ".bootOrder")) {
      element.addChild("boot").attr("order", iface.getBootOrder());
    }
    if (state.equals("down")) {
      element.addChild("link").attr("state", "down");
    }
    element.addChild("alias").attr("name", "ua-" + iface.getName());
    return element;
  }
}
