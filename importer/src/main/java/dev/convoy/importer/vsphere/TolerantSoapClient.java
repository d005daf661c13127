package dev.convoy.importer.vsphere;

import com.vmware.vim25.ws.Argument;
import com.vmware.vim25.ws.ClientCreator;
import com.vmware.vim25.ws.SoapClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.xml.stream.XMLStreamException;

/**
 * yavijava's {@code Client} with Convoy's transport and {@link TolerantVimParser}: requests are
 * still marshalled by yavijava; responses are read leniently. Plug it in per connection with {@code
 * new VimPortType(client)}, or globally for {@code new ServiceInstance(...)} with {@link
 * #installAsDefault()}.
 */
public class TolerantSoapClient extends SoapClient {
  private final SoapTransport transport;
  private final TolerantVimParser parser;
  private final UnknownContent unknown;

  /** A client over {@code transport} that records unknown content in {@code unknown}. */
  public TolerantSoapClient(SoapTransport transport, UnknownContent unknown) {
    this.transport = transport;
    this.unknown = unknown;
    this.parser = new TolerantVimParser(unknown);
    try {
      this.baseUrl = transport.endpoint().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not a URL: " + transport.endpoint(), e);
    }
    this.vimNameSpace = com.vmware.vim25.mo.ServiceInstance.VIM25_NAMESPACE;
    setSoapActionOnApiVersion("6.0");
  }

  /**
   * The constructor {@code ClientCreator} calls: {@code ignoreCert} true accepts any certificate,
   * false uses the system trust store.
   */
  public TolerantSoapClient(String url, boolean ignoreCert) throws IOException {
    this(defaultTransport(url, ignoreCert, null), new UnknownContent());
  }

  /** The constructor {@code ClientCreator} calls with a trust manager. */
  public TolerantSoapClient(String url, boolean ignoreCert, TrustManager trustManager)
      throws IOException {
    this(defaultTransport(url, ignoreCert, trustManager), new UnknownContent());
  }

  /** Makes every yavijava {@code ServiceInstance} created afterwards use this client. */
  public static void installAsDefault() {
    ClientCreator.clientClass = TolerantSoapClient.class;
  }

  private static SoapTransport defaultTransport(
      String url, boolean ignoreCert, TrustManager trustManager) throws IOException {
    SSLContext ssl;
    if (ignoreCert || trustManager == null) {
      TlsPolicy policy = ignoreCert ? new TlsPolicy.Insecure() : new TlsPolicy.SystemTrust();
      ssl = policy.sslContext(new TlsPolicy.PresentedCertificate());
    } else {
      try {
        ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[] {trustManager}, null);
      } catch (java.security.GeneralSecurityException e) {
        throw new IOException("cannot set up TLS: " + e.getMessage(), e);
      }
    }
    return new HttpSoapTransport(
        URI.create(url), ssl, Duration.ofSeconds(30), Duration.ofMinutes(10));
  }

  /** What the server sent that yavijava does not model. */
  public UnknownContent unknownContent() {
    return unknown;
  }

  /** Requests sent so far. */
  public int roundTrips() {
    return transport.roundTrips();
  }

  @Override
  public Object invoke(String methodName, Argument[] paras, String returnType)
      throws RemoteException {
    return send(methodName, marshall(methodName, paras), returnType);
  }

  /**
   * Sends {@code method} with caller-written argument elements and parses the answer like any other
   * call. For what yavijava's 6.0 model cannot marshal.
   */
  public Object invokeXml(String methodName, String argumentsXml, String returnType)
      throws RemoteException {
    String envelope =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
            + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>"
            + "<"
            + methodName
            + " xmlns=\"urn:vim25\">"
            + argumentsXml
            + "</"
            + methodName
            + "></soapenv:Body></soapenv:Envelope>";
    return send(methodName, envelope, returnType);
  }

  private Object send(String methodName, String envelope, String returnType)
      throws RemoteException {
    SoapTransport.Response response;
    try {
      response = transport.post(soapAction, envelope, cookie);
    } catch (IOException e) {
      throw new RemoteException(methodName + ": " + describe(e), e);
    }
    if (response.sessionCookie() != null) {
      cookie = response.sessionCookie();
    }
    try (InputStream body = response.body()) {
      String contentType =
          response.contentType() == null ? "" : response.contentType().toLowerCase(Locale.ROOT);
      if (!contentType.contains("xml")) {
        throw new RemoteException(
            methodName
                + ": "
                + transport.endpoint()
                + " answered HTTP "
                + response.status()
                + " with "
                + (contentType.isEmpty() ? "no content type" : contentType)
                + ", not a SOAP response (is this the vCenter SDK URL?)");
      }
      return parser.parse(body, returnType);
    } catch (VimFaultException e) {
      throw e;
    } catch (XMLStreamException e) {
      throw new RemoteException(
          methodName + ": unreadable SOAP response (HTTP " + response.status() + "): " + e, e);
    } catch (IOException e) {
      throw new RemoteException(methodName + ": " + describe(e), e);
    }
  }

  @Override
  public StringBuffer invokeAsString(String methodName, Argument[] paras) throws RemoteException {
    String envelope = marshall(methodName, paras);
    try {
      SoapTransport.Response response = transport.post(soapAction, envelope, cookie);
      try (InputStream body = response.body()) {
        return new StringBuffer(new String(body.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new RemoteException(methodName + ": " + describe(e), e);
    }
  }

  @Override
  public Object unMarshall(String returnType, InputStream is) throws Exception {
    return parser.parse(is, returnType);
  }

  @Override
  public void setBaseUrl(URL baseUrl) {
    throw new UnsupportedOperationException("the endpoint is fixed by the transport");
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
