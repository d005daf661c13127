package dev.convoy.importer.vsphere;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.PropertySpec;
import com.vmware.vim25.RetrieveOptions;
import com.vmware.vim25.RetrieveResult;
import com.vmware.vim25.VirtualMachinePowerState;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@link VsphereOperations} over a logged-in {@link VsphereSession}. A call that finds the session
 * logged out logs in again and retries once; datastore transfers use the session's cookie and TLS
 * trust, so a pinned thumbprint also protects the disk bytes.
 */
public final class VsphereSessionOperations implements VsphereOperations {
  private static final Duration TASK_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration POLL_MAX = Duration.ofSeconds(2);

  /** How long a datastore request waits for its answer unless told otherwise. */
  private static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofMinutes(10);

  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private final VsphereSession session;
  private final HttpClient http;
  private final boolean ownsSession;
  private final Duration httpTimeout;

  private VsphereSessionOperations(
      VsphereSession session, boolean ownsSession, Duration connectTimeout, Duration httpTimeout)
      throws VsphereException {
    this.session = session;
    this.ownsSession = ownsSession;
    this.httpTimeout = httpTimeout;
    try {
      this.http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(connectTimeout)
              .sslContext(session.sslContext())
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
    } catch (IOException e) {
      throw new VsphereException(VsphereException.Kind.TLS_UNTRUSTED, e.getMessage(), e);
    }
  }

  /** Operations over {@code session}; closing them leaves the session open. */
  public static VsphereSessionOperations over(VsphereSession session) throws VsphereException {
    return new VsphereSessionOperations(
        session, false, DEFAULT_CONNECT_TIMEOUT, DEFAULT_HTTP_TIMEOUT);
  }

  /**
   * Operations over {@code session} whose datastore requests (a HEAD, the answer to a GET) wait at
   * most {@code timeout} for vCenter, like the session's SOAP calls (a migration's {@code
   * sourceTimeoutSeconds}); an upload's body may take longer.
   */
  public static VsphereSessionOperations over(VsphereSession session, Duration timeout)
      throws VsphereException {
    return new VsphereSessionOperations(session, false, timeout, timeout);
  }

  /** Operations that own {@code session} and log it out on {@link #close()}. */
  public static VsphereSessionOperations owning(VsphereSession session) throws VsphereException {
    return new VsphereSessionOperations(
        session, true, DEFAULT_CONNECT_TIMEOUT, DEFAULT_HTTP_TIMEOUT);
  }

  @Override
  public PowerState powerState(String vmId) throws VsphereException {
    Object value;
    try {
      value = withRelogin(() -> readPowerState(vm(vmId)));
    } catch (VsphereException e) {
      if (e.getCause() instanceof VimFaultException fault && fault.is("ManagedObjectNotFound")) {
        throw new VsphereException(
            VsphereException.Kind.FAULT,
            "VM " + vmId + " not found on " + session.endpoint() + " (deleted or never existed)",
            e);
      }
      throw e;
    }
    if (!(value instanceof VirtualMachinePowerState state)) {
      throw new VsphereException(
          VsphereException.Kind.FAULT,
          "VM " + vmId + " not found on " + session.endpoint() + " (no runtime.powerState)",
          null);
    }
    return switch (state) {
      case poweredOn -> PowerState.POWERED_ON;
      case poweredOff -> PowerState.POWERED_OFF;
      case suspended -> PowerState.SUSPENDED;
    };
  }

  private Object readPowerState(ManagedObjectReference vm) throws VsphereException {
    PropertySpec spec = PropertyCollection.propertySpec("VirtualMachine", "runtime.powerState");
    ObjectSpec object = new ObjectSpec();
    object.obj = vm;
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
    if (result == null || result.objects == null || result.objects.length == 0) {
      return null;
    }
    var props = result.objects[0].propSet;
    return props == null || props.length == 0 ? null : props[0].val;
  }

  @Override
  public ShutdownOutcome shutdown(String vmId, Duration grace) throws VsphereException {
    long start = System.nanoTime();
    if (powerState(vmId) == PowerState.POWERED_OFF) {
      return new ShutdownOutcome(ShutdownKind.ALREADY_OFF, null, since(start));
    }
    String forcedBecause = null;
    if (powerState(vmId) == PowerState.SUSPENDED) {
      forcedBecause = "the VM is suspended, its guest cannot shut down";
    } else {
      try {
        withRelogin(
            () ->
                session.call(
                    "ShutdownGuest",
                    () -> {
                      session.port().shutdownGuest(vm(vmId));
                      return null;
                    }));
      } catch (VsphereException e) {
        if (e.kind() != VsphereException.Kind.FAULT) {
          throw e;
        }
        // ToolsUnavailable, InvalidState: the guest cannot be asked, so power off right away
        forcedBecause = "the guest could not be asked to shut down: " + e.getMessage();
      }
      if (forcedBecause == null) {
        if (awaitPowerOff(vmId, grace)) {
          return new ShutdownOutcome(ShutdownKind.GRACEFUL, null, since(start));
        }
        forcedBecause = "the guest did not shut down within " + grace.toSeconds() + " s";
      }
    }
    powerOff(vmId);
    return new ShutdownOutcome(ShutdownKind.FORCED, forcedBecause, since(start));
  }

  private boolean awaitPowerOff(String vmId, Duration grace) throws VsphereException {
    long deadline = System.nanoTime() + grace.toNanos();
    long pause = 50;
    while (true) {
      if (powerState(vmId) == PowerState.POWERED_OFF) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
      pause = Math.min(pause * 2, POLL_MAX.toMillis());
    }
  }

  private void powerOff(String vmId) throws VsphereException {
    ManagedObjectReference task =
        withRelogin(
            () -> session.call("PowerOffVM_Task", () -> session.port().powerOffVM_Task(vm(vmId))));
    try {
      VsphereTasks.await(session, task, TASK_TIMEOUT);
    } catch (VsphereException e) {
      // a guest that finished shutting down meanwhile makes the task fail with InvalidPowerState
      if (powerState(vmId) != PowerState.POWERED_OFF) {
        throw new VsphereException(
            e.kind(), "powering off VM " + vmId + " failed: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void powerOn(String vmId) throws VsphereException {
    if (powerState(vmId) == PowerState.POWERED_ON) {
      return;
    }
    ManagedObjectReference task =
        withRelogin(
            () ->
                session.call(
                    "PowerOnVM_Task", () -> session.port().powerOnVM_Task(vm(vmId), null)));
    try {
      VsphereTasks.await(session, task, TASK_TIMEOUT);
    } catch (VsphereException e) {
      throw new VsphereException(
          e.kind(), "powering on VM " + vmId + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public URI url(DatastoreFile file) {
    return file.url(session.endpoint().host(), session.endpoint().port());
  }

  @Override
  public Map<String, String> httpHeaders() {
    String cookie = session.httpCookie();
    return cookie == null ? Map.of() : Map.of("Cookie", cookie);
  }

  @Override
  public java.util.Optional<VcenterLogin> login() {
    return java.util.Optional.of(VcenterLogin.of(session));
  }

  @Override
  public long size(DatastoreFile file) throws VsphereException {
    HttpResponse<Void> response =
        send(
            file,
            request(file).method("HEAD", HttpRequest.BodyPublishers.noBody()),
            HttpResponse.BodyHandlers.discarding());
    expectOk(file, "HEAD", response.statusCode(), 200);
    return response
        .headers()
        .firstValueAsLong("Content-Length")
        .orElseThrow(
            () ->
                new VsphereException(
                    VsphereException.Kind.PROTOCOL,
                    "HEAD " + file + " answered without a Content-Length",
                    null));
  }

  @Override
  public InputStream read(DatastoreFile file, long offset, long length) throws VsphereException {
    if (offset < 0 || length <= 0) {
      throw new IllegalArgumentException("bad range " + offset + "+" + length);
    }
    HttpResponse<InputStream> response =
        send(
            file,
            request(file).header("Range", "bytes=" + offset + "-" + (offset + length - 1)).GET(),
            HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 206) {
      try (InputStream ignored = response.body()) {
        expectOk(file, "GET", response.statusCode(), 206);
      } catch (IOException e) {
        // closing an error body: nothing to keep
      }
      throw new VsphereException(
          VsphereException.Kind.PROTOCOL,
          "GET "
              + file
              + " with a byte range answered HTTP "
              + response.statusCode()
              + " instead of 206 Partial Content",
          null);
    }
    return response.body();
  }

  @Override
  public void upload(Path source, DatastoreFile file) throws VsphereException {
    HttpRequest.BodyPublisher body;
    try {
      body = HttpRequest.BodyPublishers.ofFile(source);
    } catch (java.io.FileNotFoundException e) {
      throw new VsphereException(
          VsphereException.Kind.FAULT, "cannot upload " + source + ": no such file", e);
    }
    HttpResponse<String> response =
        send(
            file,
            request(file)
                .timeout(Duration.ofHours(6))
                .header("Content-Type", "application/octet-stream")
                .PUT(body),
            HttpResponse.BodyHandlers.ofString());
    int status = response.statusCode();
    if (status != 200 && status != 201 && status != 204) {
      expectOk(file, "PUT", status, 201);
    }
    try {
      long expected = Files.size(source);
      long stored = size(file);
      if (stored != expected) {
        throw new VsphereException(
            VsphereException.Kind.PROTOCOL,
            "uploaded " + expected + " bytes to " + file + " but it holds " + stored,
            null);
      }
    } catch (IOException e) {
      throw new VsphereException(
          VsphereException.Kind.FAULT, "cannot read " + source + ": " + e.getMessage(), e);
    }
  }

  private HttpRequest.Builder request(DatastoreFile file) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(url(file)).timeout(httpTimeout);
    httpHeaders().forEach(builder::header);
    return builder;
  }

  private <T> HttpResponse<T> send(
      DatastoreFile file, HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler)
      throws VsphereException {
    try {
      HttpResponse<T> response = http.send(request.build(), handler);
      if (response.statusCode() == 401 || response.statusCode() == 403) {
        // the session cookie expired: log in again and repeat with the new cookie once
        session.relogin();
        HttpRequest.Builder again = request.copy();
        httpHeaders().forEach(again::setHeader);
        response = http.send(again.build(), handler);
      }
      return response;
    } catch (IOException e) {
      throw new VsphereException(
          VsphereException.Kind.UNREACHABLE,
          "transfer of " + file + " via " + session.endpoint() + " failed: " + describe(e),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VsphereException(
          VsphereException.Kind.FAULT, "interrupted while transferring " + file, e);
    }
  }

  private static void expectOk(DatastoreFile file, String method, int status, int expected)
      throws VsphereException {
    if (status == expected) {
      return;
    }
    String why =
        switch (status) {
          case 404 -> "no such file (or datacenter/datastore)";
          case 401, 403 -> "access denied";
          default -> "unexpected answer";
        };
    throw new VsphereException(
        status == 401 || status == 403
            ? VsphereException.Kind.PERMISSION
            : VsphereException.Kind.FAULT,
        method + " " + file + ": HTTP " + status + ", " + why,
        null);
  }

  private interface Call<T> {
    T run() throws VsphereException;
  }

  private <T> T withRelogin(Call<T> call) throws VsphereException {
    try {
      return call.run();
    } catch (VsphereException e) {
      if (e.kind() != VsphereException.Kind.SESSION_LOST) {
        throw e;
      }
      session.relogin();
      return call.run();
    }
  }

  private static ManagedObjectReference vm(String vmId) {
    ManagedObjectReference ref = new ManagedObjectReference();
    ref.type = "VirtualMachine";
    ref.val = vmId;
    return ref;
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static void sleep(long millis) throws VsphereException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VsphereException(VsphereException.Kind.FAULT, "interrupted", e);
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  @Override
  public void close() {
    if (ownsSession) {
      session.close();
    }
  }
}
