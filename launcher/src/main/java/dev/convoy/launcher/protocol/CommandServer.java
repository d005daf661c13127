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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
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

  /** Ends a watch stream: queued after every event published before the close. */
  private static final DomainEvent END_OF_STREAM = new DomainEvent("", null);

  private static final long STREAM_DRAIN_MILLIS = 2_000;

  private final Set<SocketChannel> requestChannels = ConcurrentHashMap.newKeySet();
  private final Set<LinkedBlockingQueue<DomainEvent>> streams = ConcurrentHashMap.newKeySet();
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
        try {
          connections.execute(() -> serve(channel));
        } catch (RejectedExecutionException e) {
          // accepted just as close() shut the pool down
          closeQuietly(channel);
          return;
        }
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
    requestChannels.add(channel);
    if (closed) {
      requestChannels.remove(channel);
      closeQuietly(channel);
      return;
    }
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
          // from here on close() ends this connection through its queue, never by closing it
          // under a write
          requestChannels.remove(channel);
          stream(request, lines);
          return;
        }
        lines.writeLine(json(handle(request, command)));
      }
    } catch (IOException e) {
      if (!closed) {
        LOG.debug("connection on {} ended: {}", socket, e.toString());
      }
    } finally {
      requestChannels.remove(channel);
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

  /**
   * Acknowledges the Watch, then writes events until the client goes away or the server closes. The
   * stream is never interrupted: a write on an interrupted socket channel closes it and loses the
   * event, and the last event before a close (the launcher's Deleted) is the one that counts.
   * close() queues {@link #END_OF_STREAM} behind whatever was published before it instead.
   */
  private void stream(Request request, LineChannel lines) throws IOException {
    LinkedBlockingQueue<DomainEvent> queue = new LinkedBlockingQueue<>();
    lines.writeLine(json(Response.success(request.id(), null)));
    streams.add(queue);
    try (AutoCloseable subscription = handler.watch(queue::add)) {
      if (closed) {
        queue.add(END_OF_STREAM);
      }
      for (DomainEvent event = queue.take(); event != END_OF_STREAM; event = queue.take()) {
        lines.writeLine(json(event));
      }
    } catch (IOException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("watch subscription: {}", e.toString());
    } finally {
      streams.remove(queue);
    }
  }

  private static String json(Object value) {
    return Serialization.toJson(value);
  }

  /**
   * Stops accepting, closes the request connections, lets each watch stream write what was
   * published before the close (up to 2 s), then removes the socket file.
   */
  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    requestChannels.forEach(CommandServer::closeQuietly);
    streams.forEach(queue -> queue.add(END_OF_STREAM));
    connections.shutdown();
    try {
      if (!connections.awaitTermination(STREAM_DRAIN_MILLIS, TimeUnit.MILLISECONDS)) {
        // a client that stopped reading: its stream blocks in a write; do not hang the exit on it
        connections.shutdownNow();
      }
    } catch (InterruptedException e) {
      connections.shutdownNow();
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(socket);
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // closing on the way out; nothing left to do with it
    }
  }
}
