package dev.convoy.importer.vsphere;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/** Posts one SOAP request and returns the response: the edge under the vSphere client. */
public interface SoapTransport {

  /**
   * Sends {@code envelope} to the SDK endpoint.
   *
   * @param soapAction the SOAPAction header, e.g. {@code urn:vim25/6.0}
   * @param cookie the session cookie to send, or null
   */
  Response post(String soapAction, String envelope, String cookie) throws IOException;

  /** The endpoint requests go to. */
  URI endpoint();

  /** Requests sent so far (each is one network round trip). */
  int roundTrips();

  /**
   * A response: its body must be closed by the caller.
   *
   * @param status the HTTP status
   * @param contentType the Content-Type header, or null
   * @param sessionCookie the {@code name=value} of a session cookie the server set, or null
   */
  record Response(int status, String contentType, String sessionCookie, InputStream body) {}
}
