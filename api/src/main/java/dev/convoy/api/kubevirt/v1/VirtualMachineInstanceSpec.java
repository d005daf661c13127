package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** Specification of a VirtualMachineInstance (KubeVirt VirtualMachineInstanceSpec). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualMachineInstanceSpec extends ExtensibleObject {
  @JsonPropertyDescription("The virtual hardware: CPU, memory, firmware, devices.")
  @Required
  private DomainSpec domain;

  @JsonPropertyDescription("Node labels the launcher pod must match.")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription("Affinity rules copied to the launcher pod.")
  private Affinity affinity;

  @JsonPropertyDescription("Tolerations copied to the launcher pod.")
  private List<Toleration> tolerations;

  @JsonPropertyDescription("Scheduler of the launcher pod.")
  private String schedulerName;

  @JsonPropertyDescription("Priority class of the launcher pod.")
  private String priorityClassName;

  @JsonPropertyDescription(
      "What a node drain does: None, LiveMigrate, LiveMigrateIfPossible or External.")
  private String evictionStrategy;

  @JsonPropertyDescription("Paused starts the guest paused.")
  private String startStrategy;

  @JsonPropertyDescription(
      "Seconds between the ACPI shutdown request and a forced stop (KubeVirt default 30).")
  private Long terminationGracePeriodSeconds;

  @JsonPropertyDescription("Volumes the disks refer to by name.")
  private List<Volume> volumes;

  @JsonPropertyDescription("Networks the interfaces refer to by name.")
  private List<Network> networks;

  @JsonPropertyDescription("Guest hostname; the VirtualMachineInstance name when unset.")
  private String hostname;

  @JsonPropertyDescription(
      "DNS subdomain: the guest FQDN becomes hostname.subdomain.namespace.svc.cluster-domain.")
  private String subdomain;

  public DomainSpec getDomain() {
    return domain;
  }

  public void setDomain(DomainSpec domain) {
    this.domain = domain;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public Affinity getAffinity() {
    return affinity;
  }

  public void setAffinity(Affinity affinity) {
    this.affinity = affinity;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  public String getSchedulerName() {
    return schedulerName;
  }

  public void setSchedulerName(String schedulerName) {
    this.schedulerName = schedulerName;
  }

  public String getPriorityClassName() {
    return priorityClassName;
  }

  public void setPriorityClassName(String priorityClassName) {
    this.priorityClassName = priorityClassName;
  }

  public String getEvictionStrategy() {
    return evictionStrategy;
  }

  public void setEvictionStrategy(String evictionStrategy) {
    this.evictionStrategy = evictionStrategy;
  }

  public String getStartStrategy() {
    return startStrategy;
  }

  public void setStartStrategy(String startStrategy) {
    this.startStrategy = startStrategy;
  }

  public Long getTerminationGracePeriodSeconds() {
    return terminationGracePeriodSeconds;
  }

  public void setTerminationGracePeriodSeconds(Long terminationGracePeriodSeconds) {
    this.terminationGracePeriodSeconds = terminationGracePeriodSeconds;
  }

  public List<Volume> getVolumes() {
    return volumes;
  }

  public void setVolumes(List<Volume> volumes) {
    this.volumes = volumes;
  }

  public List<Network> getNetworks() {
    return networks;
  }

  public void setNetworks(List<Network> networks) {
    this.networks = networks;
  }

  public String getHostname() {
    return hostname;
  }

  public void setHostname(String hostname) {
    this.hostname = hostname;
  }

  public String getSubdomain() {
    return subdomain;
  }

  public void setSubdomain(String subdomain) {
    this.subdomain = subdomain;
  }
}
