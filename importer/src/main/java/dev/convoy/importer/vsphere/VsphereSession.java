package dev.convoy.importer.vsphere;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ServiceContent;
import com.vmware.vim25.VimPortType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.rmi.RemoteException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logged-in vSphere API session over yavijava's {@link VimPortType} and Convoy's {@link
 * TolerantSoapClient}. It turns transport, TLS and login failures into {@link VsphereException}s
 * with messages a user can act on, and can log in again when the session expires.
 */
public final class VsphereSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VsphereSession.class);
  private static final ManagedObjectReference SERVICE_INSTANCE = serviceInstance();

  private final VsphereEndpoint endpoint;
  private final VsphereCredentials credentials;
  private final TlsPolicy tls;
  private final TlsPolicy.PresentedCertificate presented;
  private final TolerantSoapClient client;
  private final VimPortType port;
  private ServiceContent content;
  private int logins;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  private VsphereSession(
      VsphereEndpoint endpoint,
      VsphereCredentials credentials,
      TlsPolicy tls,
      TlsPolicy.PresentedCertificate presented,
      SoapTransport transport)
      throws VsphereException {
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.tls = tls;
    this.presented = presented;
    this.client = new TolerantSoapClient(transport, new UnknownContent());
    try {
      this.port = new VimPortType(client);
    } catch (java.net.MalformedURLException e) {
      throw new VsphereException(VsphereException.Kind.PROTOCOL, "invalid URL " + endpoint, e);
    }
  }

  /**
   * Connects to {@code endpoint}, checks the certificate with {@code tls}, reads the service
   * content and logs in.
   */
  public static VsphereSession open(
      VsphereEndpoint endpoint, VsphereCredentials credentials, TlsPolicy tls, Duration timeout)
      throws VsphereException {
    TlsPolicy.PresentedCertificate presented = new TlsPolicy.PresentedCertificate();
    SoapTransport transport;
    try {
      transport =
          new HttpSoapTransport(endpoint.sdkUrl(), tls.sslContext(presented), timeout, timeout);
    } catch (IOException e) {
      throw new VsphereException(VsphereException.Kind.TLS_UNTRUSTED, e.getMessage(), e);
    }
    return open(endpoint, credentials, tls, presented, transport);
  }

  /**
   * Like {@link #open(VsphereEndpoint, VsphereCredentials, TlsPolicy, Duration)} over a given
   * transport.
   */
  static VsphereSession open(
      VsphereEndpoint endpoint,
      VsphereCredentials credentials,
      TlsPolicy tls,
      TlsPolicy.PresentedCertificate presented,
      SoapTransport transport)
      throws VsphereException {
    VsphereSession session = new VsphereSession(endpoint, credentials, tls, presented, transport);
    session.content =
        session.call(
            "RetrieveServiceContent", () -> session.port.retrieveServiceContent(SERVICE_INSTANCE));
    session.login();
    return session;
  }

  /** The service content read at connect time (root folder, managers, about info). */
  public ServiceContent content() {
    return content;
  }

  /** yavijava's typed stub, for calls this class does not wrap. */
  public VimPortType port() {
    return port;
  }

  /**
   * The session cookie ({@code vmware_soap_session=...}) for HTTP requests outside SOAP, such as
   * datastore file transfers through {@code /folder}; null before login.
   */
  public String httpCookie() {
    return client.getCookie();
  }

  /** A TLS context that trusts the server exactly as this session does. */
  public javax.net.ssl.SSLContext sslContext() throws java.io.IOException {
    return tls.sslContext(presented);
  }

  /** Who this session logs in as. */
  VsphereCredentials credentials() {
    return credentials;
  }

  /** How this session trusts the server's certificate. */
  public TlsPolicy tls() {
    return tls;
  }

  /** The endpoint this session talks to. */
  public VsphereEndpoint endpoint() {
    return endpoint;
  }

  /** SOAP requests sent so far, logins included. */
  public int roundTrips() {
    return client.roundTrips();
  }

  /** How many times this session logged in (1 plus re-logins). */
  public int logins() {
    return logins;
  }

  /** What the server sent that yavijava does not model. */
  public UnknownContent unknownContent() {
    return client.unknownContent();
  }

  /** The session key, e.g. for an administrator to terminate it. */
  public String sessionKey() throws VsphereException {
    com.vmware.vim25.UserSession current = currentSession();
    if (current == null) {
      throw new VsphereException(
          VsphereException.Kind.SESSION_LOST, "not logged in to " + endpoint, null);
    }
    return current.key;
  }

  /**
   * Whether the session is still logged in. vCenter answers {@code NotAuthenticated} for a dead
   * session; some servers (vcsim) instead report the session's objects as missing, so the collector
   * asks this before deciding a failure was a lost session.
   */
  public boolean isActive() {
    try {
      return currentSession() != null;
    } catch (VsphereException e) {
      return false;
    }
  }

  private com.vmware.vim25.UserSession currentSession() throws VsphereException {
    return call(
        "RetrieveProperties",
        () -> {
          var object = new com.vmware.vim25.ObjectSpec();
          object.obj = content.sessionManager;
          var filter = new com.vmware.vim25.PropertyFilterSpec();
          filter.propSet =
              new com.vmware.vim25.PropertySpec[] {
                PropertyCollection.propertySpec("SessionManager", "currentSession")
              };
          filter.objectSet = new com.vmware.vim25.ObjectSpec[] {object};
          var result =
              port.retrievePropertiesEx(
                  content.propertyCollector,
                  new com.vmware.vim25.PropertyFilterSpec[] {filter},
                  new com.vmware.vim25.RetrieveOptions());
          if (result == null || result.objects == null) {
            return null;
          }
          for (var o : result.objects) {
            if (o.propSet != null) {
              for (var p : o.propSet) {
                if (p.val instanceof com.vmware.vim25.UserSession user) {
                  return user;
                }
              }
            }
          }
          return null;
        });
  }

  /**
   * Calls {@code method} with arguments written as XML by the caller, for the few calls and
   * properties yavijava's 6.0 model cannot express (e.g. {@code efiSecureBootEnabled}, {@code
   * VirtualTPM}). The response is read by the same tolerant parser.
   *
   * @param argumentsXml the method's child elements, in the {@code urn:vim25} namespace
   * @param returnType as for yavijava's stubs, e.g. {@code ManagedObjectReference}
   */
  public Object callXml(String method, String argumentsXml, String returnType)
      throws VsphereException {
    return call(method, () -> client.invokeXml(method, argumentsXml, returnType));
  }

  /** Logs in again after the session expired or was terminated. */
  public void relogin() throws VsphereException {
    LOG.debug("vSphere session on {} ended; logging in again", endpoint);
    client.setCookie(null);
    login();
  }

  private void login() throws VsphereException {
    call(
        "Login",
        () ->
            port.login(
                content.sessionManager, credentials.username(), credentials.password(), null));
    logins++;
  }

  /** A call on the vSphere API. */
  @FunctionalInterface
  public interface VimCall<T> {
    T call() throws RemoteException;
  }

  /**
   * Runs {@code call}, turning failures into {@link VsphereException}s. A {@code NotAuthenticated}
   * fault becomes {@link VsphereException.Kind#SESSION_LOST}, so callers can {@link #relogin()} and
   * retry.
   */
  public <T> T call(String what, VimCall<T> call) throws VsphereException {
    try {
      return call.call();
    } catch (VimFaultException fault) {
      throw classify(what, fault);
    } catch (RemoteException e) {
      throw classify(what, e);
    }
  }

  private VsphereException classify(String what, VimFaultException fault) {
    if (fault.is("InvalidLogin")) {
      return new VsphereException(
          VsphereException.Kind.LOGIN_REFUSED,
          endpoint
              + " refused the login of user '"
              + credentials.username()
              + "': "
              + fault.getMessage(),
          fault);
    }
    if (fault.is("NotAuthenticated")) {
      return new VsphereException(
          VsphereException.Kind.SESSION_LOST,
          what + " on " + endpoint + ": the session is not logged in (" + fault.getMessage() + ")",
          fault);
    }
    if (fault.is("NoPermission")) {
      return new VsphereException(
          VsphereException.Kind.PERMISSION,
          what
              + " on "
              + endpoint
              + ": user '"
              + credentials.username()
              + "' lacks a privilege ("
              + fault.getMessage()
              + ")",
          fault);
    }
    return new VsphereException(
        VsphereException.Kind.FAULT,
        what + " on " + endpoint + " failed: " + fault.faultType() + ": " + fault.getMessage(),
        fault);
  }

  private VsphereException classify(String what, RemoteException e) {
    Throwable cause = e.getCause();
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof TlsPolicy.ThumbprintMismatchException) {
        X509Certificate leaf = presented.leaf();
        return new VsphereException(
            VsphereException.Kind.TLS_THUMBPRINT_MISMATCH,
            endpoint
                + " presented a certificate with SHA-256 thumbprint "
                + (leaf == null ? "(unknown)" : Thumbprint.of(leaf, "SHA-256"))
                + ", which does not match --thumbprint "
                + ((TlsPolicy.Pinned) tls).thumbprint()
                + "; refusing to connect (the server may be impersonated, or its certificate"
                + " was renewed)",
            e);
      }
    }
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        X509Certificate leaf = presented.leaf();
        String detail =
            leaf == null
                ? "TLS handshake failed: " + t.getMessage()
                : "its TLS certificate ("
                    + leaf.getSubjectX500Principal().getName()
                    + ", SHA-256 thumbprint "
                    + Thumbprint.of(leaf, "SHA-256")
                    + ") is not trusted"
                    + (tls instanceof TlsPolicy.CaFile c ? " by " + c.file() : "")
                    + " ("
                    + rootMessage(t)
                    + ")";
        return new VsphereException(
            VsphereException.Kind.TLS_UNTRUSTED,
            "cannot connect to "
                + endpoint
                + ": "
                + detail
                + "; pass --ca-file with the issuing CA, --thumbprint to pin this certificate,"
                + " or --insecure to skip verification",
            e);
      }
      if (t instanceof UnknownHostException) {
        return new VsphereException(
            VsphereException.Kind.UNREACHABLE,
            "cannot connect to " + endpoint + ": unknown host '" + endpoint.host() + "'",
            e);
      }
      if (t instanceof HttpConnectTimeoutException) {
        return new VsphereException(
            VsphereException.Kind.UNREACHABLE,
            "cannot connect to " + endpoint + ": connection timed out",
            e);
      }
      if (t instanceof ConnectException) {
        return new VsphereException(
            VsphereException.Kind.UNREACHABLE,
            "cannot connect to "
                + endpoint
                + ": "
                + (t.getMessage() == null ? "connection refused" : t.getMessage()),
            e);
      }
      if (t instanceof java.io.EOFException) {
        return new VsphereException(
            VsphereException.Kind.PROTOCOL,
            what + " on " + endpoint + ": the server closed the connection without answering",
            e);
      }
      if (t instanceof HttpTimeoutException) {
        return new VsphereException(
            VsphereException.Kind.UNREACHABLE,
            what + " on " + endpoint + " timed out waiting for the answer",
            e);
      }
    }
    return new VsphereException(
        cause instanceof IOException
            ? VsphereException.Kind.UNREACHABLE
            : VsphereException.Kind.PROTOCOL,
        what + " on " + endpoint + " failed: " + e.getMessage(),
        e);
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  /**
   * Logs out, once (a second call, e.g. from a shutdown hook, does nothing); failures are logged,
   * not thrown, because the work is done.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      port.logout(content.sessionManager);
    } catch (RemoteException | RuntimeException e) {
      LOG.debug("logout from {} failed: {}", endpoint, e.getMessage());
    }
  }

  private static ManagedObjectReference serviceInstance() {
    ManagedObjectReference ref = new ManagedObjectReference();
    ref.type = "ServiceInstance";
    ref.val = "ServiceInstance";
    return ref;
  }
}
