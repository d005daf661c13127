package dev.convoy.launcher.domain;

import static dev.convoy.launcher.domain.XmlElement.element;
import static dev.convoy.launcher.domain.XmlElement.textElement;

import java.util.ArrayList;
import java.util.List;

/**
 * The libvirt domain a conversion builds: the top-level sections as typed fields, each section's
 * content as an {@link XmlElement}. Conversion steps fill it in; {@link DomainXmlWriter} renders it
 * with the sections in the order {@code virsh dumpxml} uses, so the output is deterministic and
 * reads like libvirt's own.
 */
public final class Domain {
  /** libvirt's domain type: {@code kvm} or {@code qemu} (TCG). */
  private String type;

  private String name;
  private String uuid;
  private XmlElement metadata;
  private long memoryKib;
  private int vcpus;
  private XmlElement sysinfo;
  private XmlElement os;
  private XmlElement features;
  private XmlElement cpu;
  private XmlElement clock;
  private String onPoweroff;
  private String onReboot;
  private String onCrash;

  /** Devices by kind; each list keeps its insertion order. */
  private final List<XmlElement> disks = new ArrayList<>();

  private final List<XmlElement> controllers = new ArrayList<>();
  private final List<XmlElement> interfaces = new ArrayList<>();
  private final List<XmlElement> serials = new ArrayList<>();
  private final List<XmlElement> inputs = new ArrayList<>();
  private final List<XmlElement> graphics = new ArrayList<>();
  private final List<XmlElement> videos = new ArrayList<>();
  private XmlElement memballoon;
  private final List<XmlElement> rngs = new ArrayList<>();

  public String type() {
    return type;
  }

  public Domain type(String value) {
    this.type = value;
    return this;
  }

  public String name() {
    return name;
  }

  public Domain name(String value) {
    this.name = value;
    return this;
  }

  public String uuid() {
    return uuid;
  }

  public Domain uuid(String value) {
    this.uuid = value;
    return this;
  }

  public XmlElement metadata() {
    return metadata;
  }

  public Domain metadata(XmlElement value) {
    this.metadata = value;
    return this;
  }

  public long memoryKib() {
    return memoryKib;
  }

  public Domain memoryKib(long value) {
    this.memoryKib = value;
    return this;
  }

  public int vcpus() {
    return vcpus;
  }

  public Domain vcpus(int value) {
    this.vcpus = value;
    return this;
  }

  public XmlElement sysinfo() {
    return sysinfo;
  }

  public Domain sysinfo(XmlElement value) {
    this.sysinfo = value;
    return this;
  }

  public XmlElement os() {
    return os;
  }

  public Domain os(XmlElement value) {
    this.os = value;
    return this;
  }

  public XmlElement features() {
    return features;
  }

  public Domain features(XmlElement value) {
    this.features = value;
    return this;
  }

  public XmlElement cpu() {
    return cpu;
  }

  public Domain cpu(XmlElement value) {
    this.cpu = value;
    return this;
  }

  public XmlElement clock() {
    return clock;
  }

  public Domain clock(XmlElement value) {
    this.clock = value;
    return this;
  }

  /** Sets what libvirt does on guest power-off, reboot and crash. */
  public Domain lifecycle(String poweroff, String reboot, String crash) {
    this.onPoweroff = poweroff;
    this.onReboot = reboot;
    this.onCrash = crash;
    return this;
  }

  public String onPoweroff() {
    return onPoweroff;
  }

  public String onReboot() {
    return onReboot;
  }

  public String onCrash() {
    return onCrash;
  }

  public List<XmlElement> disks() {
    return disks;
  }

  public List<XmlElement> controllers() {
    return controllers;
  }

  public List<XmlElement> interfaces() {
    return interfaces;
  }

  public List<XmlElement> serials() {
    return serials;
  }

  public List<XmlElement> inputs() {
    return inputs;
  }

  public List<XmlElement> graphics() {
    return graphics;
  }

  public List<XmlElement> videos() {
    return videos;
  }

  public XmlElement memballoon() {
    return memballoon;
  }

  public Domain memballoon(XmlElement value) {
    this.memballoon = value;
    return this;
  }

  public List<XmlElement> rngs() {
    return rngs;
  }

  /** The whole document as one element tree, sections in libvirt's order. */
  public XmlElement toXmlElement() {
    XmlElement root = element("domain").attr("type", type);
    root.child(textElement("name", name));
    if (uuid != null) {
      root.child(textElement("uuid", uuid));
    }
    if (metadata != null) {
      root.child(metadata);
    }
    root.child(textElement("memory", memoryKib).attr("unit", "KiB"));
    root.child(textElement("currentMemory", memoryKib).attr("unit", "KiB"));
    root.child(textElement("vcpu", vcpus).attr("placement", "static"));
    addIfPresent(root, sysinfo);
    addIfPresent(root, os);
    addIfPresent(root, features);
    addIfPresent(root, cpu);
    addIfPresent(root, clock);
    if (onPoweroff != null) {
      root.child(textElement("on_poweroff", onPoweroff));
    }
    if (onReboot != null) {
      root.child(textElement("on_reboot", onReboot));
    }
    if (onCrash != null) {
      root.child(textElement("on_crash", onCrash));
    }
    XmlElement devices = root.addChild("devices");
    disks.forEach(devices::child);
    controllers.forEach(devices::child);
    interfaces.forEach(devices::child);
    serials.forEach(devices::child);
    inputs.forEach(devices::child);
    graphics.forEach(devices::child);
    videos.forEach(devices::child);
    addIfPresent(devices, memballoon);
    rngs.forEach(devices::child);
    return root;
  }

  private static void addIfPresent(XmlElement parent, XmlElement child) {
    if (child != null) {
      parent.child(child);
    }
  }
}
