package dev.convoy.importer.migration.controller;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of vcsim, to take vCenter off the network and bring it back on the same
 * address: {@link #cut()} closes every connection and the listening socket (new connections are
 * refused), {@link #restore()} listens again. vcsim itself keeps running, so its state (which VMs
 * are off) survives the outage; a restarted vcsim would come back with a fresh inventory.
 */
final class TcpRelay implements AutoCloseable {
  private final int targetPort;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;

  TcpRelay(int targetPort) throws IOException {
    this.targetPort = targetPort;
    ServerSocket first = listen(0);
    this.port = first.getLocalPort();
    accept(first);
  }

  int port() {
    return port;
  }

  private static ServerSocket listen(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return socket;
  }

  private void accept(ServerSocket socket) {
    server = socket;
    Thread t =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try {
                  Socket client = socket.accept();
                  Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                  open.add(client);
                  open.add(upstream);
                  pump(client, upstream);
                  pump(upstream, client);
                } catch (IOException e) {
                  // closed by cut()
                }
              }
            },
            "relay-accept");
    t.setDaemon(true);
    t.start();
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                }
              } catch (IOException e) {
                // one side closed
              } finally {
                close(from);
                close(to);
              }
            },
            "relay-pump");
    t.setDaemon(true);
    t.start();
  }

  /** vCenter goes away: connections reset, new ones refused. */
  void cut() {
    close(server);
    open.forEach(TcpRelay::close);
    open.clear();
  }

  /** vCenter is back on the same port. */
  void restore() throws IOException {
    accept(listen(port));
  }

  private static void close(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // already closed
    }
  }

  @Override
  public void close() {
    cut();
  }
}
