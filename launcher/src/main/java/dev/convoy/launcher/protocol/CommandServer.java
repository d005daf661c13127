package dev.convoy.launcher.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.api.Serialization;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the launcher protocol on a unix domain socket: newline-delimited JSON requests, one
 * response line each, any number of requests per connection; a {@code Watch} request turns its
 * connection into an event stream (docs/launcher-protocol.md).
 */
public final class CommandServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CommandServer.class);
  private static final ObjectMapper JSON = Serialization.json();

  private final Path socket;
  private final CommandHandler handler;
  private final ServerSocketChannel server;
  private final ExecutorService connections =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "launcher-connection");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean closed;

  private CommandServer(Path socket, CommandHandler handler, ServerSocketChannel server) {
    this.socket = socket;
    this.handler = handler;
    this.server = server;
  }

  /**
   * Binds {@code socket} (replacing a stale socket file left by a dead launcher), readable and
   * writable by the owner only, and starts accepting.
   */
  public static CommandServer start(Path socket, CommandHandler handler) throws IOException {
    Files.createDirectories(socket.toAbsolutePath().getParent());
    Files.deleteIfExists(socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    CommandServer commandServer = new CommandServer(socket, handler, server);
    Thread accept = new Thread(commandServer::acceptLoop, "launcher-accept");
    accept.setDaemon(true);
    accept.start();
    return commandServer;
  }

  public Path socket() {
    return socket;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        SocketChannel channel = server.accept();
        connections.execute(() -> serve(channel));
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("accepting on {}: {}", socket, e.toString());
        }
      }
    }
  }

  private void serve(SocketChannel channel) {
    try (LineChannel lines = new LineChannel(channel)) {
      String line;
      while ((line = lines.readLine()) != null) {
        Request request;
        try {
          request = JSON.readValue(line, Request.class);
        } catch (JsonProcessingException e) {
          lines.writeLine(
              json(
                  Response.failure(
                      null, ErrorCodes.BAD_REQUEST, "not a request: " + e.getOriginalMessage())));
          continue;
        }
        Optional<Command> command = Command.fromWire(request.command());
        if (command.isPresent() && command.get() == Command.WATCH && versionOk(request)) {
          stream(request, lines);
          return;
        }
        lines.writeLine(json(handle(request, command)));
      }
    } catch (IOException e) {
      if (!closed) {
        LOG.debug("connection on {} ended: {}", socket, e.toString());
      }
    }
  }

  private static boolean versionOk(Request request) {
    return request.version() != null
        && LauncherProtocol.SUPPORTED_VERSIONS.contains(request.version());
  }

  Response handle(Request request, Optional<Command> command) {
    String id = request.id();
    if (command.isEmpty()) {
      return Response.failure(
          id, ErrorCodes.UNKNOWN_COMMAND, "unknown command '" + request.command() + "'");
    }
    if (command.get() == Command.INFO) {
      return new Response(
          id, true, "convoy-launcher", null, null, null, LauncherProtocol.SUPPORTED_VERSIONS);
    }
    if (!versionOk(request)) {
      return Response.failure(
          id,
          ErrorCodes.UNSUPPORTED_VERSION,
          "version "
              + request.version()
              + " is not supported; this launcher speaks "
              + LauncherProtocol.SUPPORTED_VERSIONS);
    }
    try {
      DomainStatus status =
          switch (command.get()) {
            case PING -> null;
            case SYNC -> {
              if (request.vmi() == null || !request.vmi().isObject()) {
                throw new CommandException(ErrorCodes.BAD_REQUEST, "Sync needs the VMI in 'vmi'");
              }
              yield handler.sync(request.vmi());
            }
            case SHUTDOWN -> handler.shutdown();
            case KILL -> handler.kill();
            case DELETE -> handler.delete();
            case PAUSE -> handler.pause();
            case UNPAUSE -> handler.unpause();
            case GET_DOMAIN -> handler.domain();
            case INFO, WATCH -> throw new IllegalStateException("handled above");
          };
      return Response.success(id, status);
    } catch (CommandException e) {
      return Response.failure(id, e.code(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("command {} failed", request.command(), e);
      return Response.failure(id, ErrorCodes.INTERNAL, e.toString());
    }
  }

  /** Acknowledges the Watch, then writes events until the client goes away or the server closes. */
  private void stream(Request request, LineChannel lines) throws IOException {
    LinkedBlockingQueue<DomainEvent> queue = new LinkedBlockingQueue<>();
    lines.writeLine(json(Response.success(request.id(), null)));
    try (AutoCloseable subscription = handler.watch(queue::add)) {
      try {
        while (!closed) {
          DomainEvent event = queue.poll(1, TimeUnit.SECONDS);
          if (event != null) {
            lines.writeLine(json(event));
          }
        }
      } catch (InterruptedException e) {
        // close() interrupts the poll; the events published just before it (the launcher's last
        // one, Deleted, comes right before it exits) are still written below
        Thread.currentThread().interrupt();
      }
      // a watcher must see every event published before the stream ended, not lose the last
      // ones queued while the server was closing
      boolean interrupted = Thread.interrupted();
      try {
        for (DomainEvent event = queue.poll(); event != null; event = queue.poll()) {
          lines.writeLine(json(event));
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      LOG.warn("watch subscription: {}", e.toString());
    }
  }

  private static String json(Object value) {
    return Serialization.toJson(value);
  }

  /** Stops accepting, ends watch streams after their queued events, removes the socket file. */
  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    connections.shutdownNow();
    try {
      // the watch streams write what was queued before the close (the launcher exits right after)
      connections.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(socket);
  }
}
