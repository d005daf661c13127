package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.util.List;

/** A request to run (part of) a MigrationPlan. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationSpec {
  /** The bounds and default of {@code sourceTimeoutSeconds}: the CRD's, the CLI's, the pods'. */
  public static final int MIN_SOURCE_TIMEOUT_SECONDS = 1;

  public static final int MAX_SOURCE_TIMEOUT_SECONDS = 3600;
  public static final int DEFAULT_SOURCE_TIMEOUT_SECONDS = 60;

  /** Whether {@code seconds} lies within the bounds of {@code sourceTimeoutSeconds}. */
  public static boolean validSourceTimeout(long seconds) {
    return seconds >= MIN_SOURCE_TIMEOUT_SECONDS && seconds <= MAX_SOURCE_TIMEOUT_SECONDS;
  }

  @JsonPropertyDescription("The MigrationPlan, in the same namespace.")
  @Required
  private LocalObjectReference planRef;

  @JsonPropertyDescription("Names of the waves to run, in order. All waves of the plan when unset.")
  private List<String> waves;

  @JsonPropertyDescription("Validate and plan, create nothing.")
  private Boolean dryRun;

  @JsonPropertyDescription(
      "Names of VMs whose migration is to be canceled; may be added while the migration runs.")
  private List<String> cancel;

  @JsonPropertyDescription(
      "Secret with the vCenter connection (url, username, password, and thumbprint, ca.crt or insecure).")
  private io.fabric8.kubernetes.api.model.LocalObjectReference sourceSecretRef;

  @JsonPropertyDescription(
      "ConfigMap holding the generated PVC-mode manifests of the plan (binaryData manifests.json.gz).")
  private io.fabric8.kubernetes.api.model.LocalObjectReference manifestsRef;

  @JsonPropertyDescription("Guest shutdown time before power-off (default 300).")
  private Integer shutdownTimeoutSeconds;

  @JsonPropertyDescription("Import pods per disk before the VM fails (default 3).")
  private Integer maxImportAttempts;

  @JsonPropertyDescription(
      "Disks transferring at once per datastore; overrides the plan's spec.execution.limits.")
  private Integer maxPerDatastore;

  @JsonPropertyDescription(
      "Disks transferring at once per storage class; overrides the plan's spec.execution.limits.")
  private Integer maxPerStorageClass;

  @JsonPropertyDescription(
      "Wait for the guest's ready signal (the demo guest's console line; local runtime only).")
  private Boolean waitForGuest;

  @JsonPropertyDescription(
      "OFFSET_MIB,SIZE_MIB of the boot-disk region the demo guest hashes (default 56,8).")
  private String guestDataRegion;

  @JsonPropertyDescription(
      "Whether import pods verify vCenter's certificate with the system trust store.")
  private Boolean verifySourceTls;

  @JsonPropertyDescription(
      "Disks transferring at once per ESXi host; overrides the plan's spec.execution.limits.")
  private Integer maxPerHost;

  @JsonPropertyDescription(
      "Seconds to wait for vCenter (connect, each SOAP call, a HEAD, a download whose data stops"
          + " coming) before the step fails with a timeout naming vCenter: the controller's own"
          + " calls and its import pods (CONVOY_SOURCE_TIMEOUT_SECONDS). 1 to 3600, default 60.")
  @Min(MIN_SOURCE_TIMEOUT_SECONDS)
  @Max(MAX_SOURCE_TIMEOUT_SECONDS)
  private Integer sourceTimeoutSeconds;

  @JsonPropertyDescription(
      "Disks transferring at once in all; overrides the plan's spec.execution.limits.")
  private Integer maxTotal;

  public LocalObjectReference getPlanRef() {
    return planRef;
  }

  public void setPlanRef(LocalObjectReference planRef) {
    this.planRef = planRef;
  }

  public List<String> getWaves() {
    return waves;
  }

  public void setWaves(List<String> waves) {
    this.waves = waves;
  }

  public Boolean getDryRun() {
    return dryRun;
  }

  public void setDryRun(Boolean dryRun) {
    this.dryRun = dryRun;
  }

  public List<String> getCancel() {
    return cancel;
  }

  public void setCancel(List<String> cancel) {
    this.cancel = cancel;
  }

  public io.fabric8.kubernetes.api.model.LocalObjectReference getSourceSecretRef() {
    return sourceSecretRef;
  }

  public void setSourceSecretRef(
      io.fabric8.kubernetes.api.model.LocalObjectReference sourceSecretRef) {
    this.sourceSecretRef = sourceSecretRef;
  }

  public io.fabric8.kubernetes.api.model.LocalObjectReference getManifestsRef() {
    return manifestsRef;
  }

  public void setManifestsRef(io.fabric8.kubernetes.api.model.LocalObjectReference manifestsRef) {
    this.manifestsRef = manifestsRef;
  }

  public Integer getShutdownTimeoutSeconds() {
    return shutdownTimeoutSeconds;
  }

  public void setShutdownTimeoutSeconds(Integer shutdownTimeoutSeconds) {
    this.shutdownTimeoutSeconds = shutdownTimeoutSeconds;
  }

  public Integer getMaxImportAttempts() {
    return maxImportAttempts;
  }

  public void setMaxImportAttempts(Integer maxImportAttempts) {
    this.maxImportAttempts = maxImportAttempts;
  }

  public Integer getMaxPerDatastore() {
    return maxPerDatastore;
  }

  public void setMaxPerDatastore(Integer maxPerDatastore) {
    this.maxPerDatastore = maxPerDatastore;
  }

  public Integer getMaxPerStorageClass() {
    return maxPerStorageClass;
  }

  public void setMaxPerStorageClass(Integer maxPerStorageClass) {
    this.maxPerStorageClass = maxPerStorageClass;
  }

  public Boolean getWaitForGuest() {
    return waitForGuest;
  }

  public void setWaitForGuest(Boolean waitForGuest) {
    this.waitForGuest = waitForGuest;
  }

  public String getGuestDataRegion() {
    return guestDataRegion;
  }

  public void setGuestDataRegion(String guestDataRegion) {
    this.guestDataRegion = guestDataRegion;
  }

  public Boolean getVerifySourceTls() {
    return verifySourceTls;
  }

  public void setVerifySourceTls(Boolean verifySourceTls) {
    this.verifySourceTls = verifySourceTls;
  }

  public Integer getMaxPerHost() {
    return maxPerHost;
  }

  public void setMaxPerHost(Integer maxPerHost) {
    this.maxPerHost = maxPerHost;
  }

  public Integer getSourceTimeoutSeconds() {
    return sourceTimeoutSeconds;
  }

  public void setSourceTimeoutSeconds(Integer sourceTimeoutSeconds) {
    this.sourceTimeoutSeconds = sourceTimeoutSeconds;
  }

  public Integer getMaxTotal() {
    return maxTotal;
  }

  public void setMaxTotal(Integer maxTotal) {
    this.maxTotal = maxTotal;
  }
}
