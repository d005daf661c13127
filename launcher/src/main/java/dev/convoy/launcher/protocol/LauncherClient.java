package dev.convoy.launcher.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The node agent's side of the launcher protocol: one short connection per command, with a timeout
 * (5 s for cheap commands, 60 s for Sync, like KubeVirt's handler), and long-lived {@link #watch}
 * connections for domain events. Thread-safe: one client may be shared.
 *
 * <pre>{@code
 * LauncherClient launcher = LauncherClient.connect(runDir.resolve("launcher.sock"));
 * try (LauncherClient.Watch watch = launcher.watch(event -> onDomainEvent(event))) {
 *   DomainStatus status = launcher.sync(vmi);
 *   ...
 *   launcher.shutdown();
 * }
 * }</pre>
 *
 * Failed commands throw {@link CommandException} with the server's {@link ErrorCodes} code; an
 * unreachable or silent launcher gives {@link IOException}.
 */
public final class LauncherClient {
  /** Timeout of Ping, GetDomain, Pause, Unpause, Shutdown, Kill, Delete. */
  public static final Duration SHORT_TIMEOUT = Duration.ofSeconds(5);

  /** Timeout of Sync: it may prepare disks, define and start the domain. */
  public static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);

  private static final ObjectMapper JSON = Serialization.json();
  private static final ExecutorService IO =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "launcher-client");
            thread.setDaemon(true);
            return thread;
          });

  private final Path socket;
  private final int version;

  private LauncherClient(Path socket, int version) {
    this.socket = socket;
    this.version = version;
  }

  /**
   * Connects to the launcher at {@code socket} and negotiates the protocol version (the highest
   * both sides speak).
   */
  public static LauncherClient connect(Path socket) throws IOException, CommandException {
    LauncherClient unversioned = new LauncherClient(socket, 0);
    Response info = unversioned.call(Command.INFO, null, SHORT_TIMEOUT);
    int version =
        LauncherProtocol.negotiate(
            info.supportedVersions() == null ? java.util.List.of() : info.supportedVersions());
    if (version < 0) {
      throw new CommandException(
          ErrorCodes.UNSUPPORTED_VERSION,
          "the launcher at "
              + socket
              + " speaks versions "
              + info.supportedVersions()
              + "; this client speaks "
              + LauncherProtocol.SUPPORTED_VERSIONS);
    }
    return new LauncherClient(socket, version);
  }

  /** The negotiated protocol version. */
  public int version() {
    return version;
  }

  public void ping() throws IOException, CommandException {
    call(Command.PING, null, SHORT_TIMEOUT);
  }

  /** Sends the VMI; the launcher defines and starts its domain unless it runs already. */
  public DomainStatus sync(VirtualMachineInstance vmi) throws IOException, CommandException {
    return call(Command.SYNC, vmi, SYNC_TIMEOUT).domain();
  }

  /** Starts a graceful shutdown: ACPI power button, repeated, destroy after the grace period. */
  public DomainStatus shutdown() throws IOException, CommandException {
    return call(Command.SHUTDOWN, null, SHORT_TIMEOUT).domain();
  }

  /** Destroys the domain at once. */
  public DomainStatus kill() throws IOException, CommandException {
    return call(Command.KILL, null, SHORT_TIMEOUT).domain();
  }

  /** Destroys (if running) and undefines the domain; the launcher exits afterwards. */
  public DomainStatus delete() throws IOException, CommandException {
    return call(Command.DELETE, null, SHORT_TIMEOUT).domain();
  }

  public DomainStatus pause() throws IOException, CommandException {
    return call(Command.PAUSE, null, SHORT_TIMEOUT).domain();
  }

  public DomainStatus unpause() throws IOException, CommandException {
    return call(Command.UNPAUSE, null, SHORT_TIMEOUT).domain();
  }

  public DomainStatus domain() throws IOException, CommandException {
    return call(Command.GET_DOMAIN, null, SHORT_TIMEOUT).domain();
  }

  /** An open event stream; closing it ends the subscription. */
  public interface Watch extends Closeable {}

  /**
   * Subscribes to domain events: {@code events} gets the current status ({@code Added}) first, then
   * every change, on a thread of the client; {@code ended} is called once when the stream ends (the
   * launcher exited or the watch was closed).
   */
  public Watch watch(Consumer<DomainEvent> events, Runnable ended)
      throws IOException, CommandException {
    SocketChannel channel = open();
    LineChannel lines = new LineChannel(channel);
    try {
      lines.writeLine(Serialization.toJson(request(Command.WATCH, null)));
      Response ack = readResponse(lines, SHORT_TIMEOUT, channel);
      if (!ack.ok()) {
        throw new CommandException(ack.errorCode(), ack.error());
      }
    } catch (IOException | CommandException | RuntimeException e) {
      channel.close();
      throw e;
    }
    Thread reader =
        new Thread(
            () -> {
              try {
                String line;
                while ((line = lines.readLine()) != null) {
                  events.accept(JSON.readValue(line, DomainEvent.class));
                }
              } catch (IOException e) {
                // The launcher went away or the watch was closed: the stream ends either way.
              } finally {
                ended.run();
              }
            },
            "launcher-watch");
    reader.setDaemon(true);
    reader.start();
    return channel::close;
  }

  private Request request(Command command, VirtualMachineInstance vmi) {
    return new Request(
        command == Command.INFO ? null : version,
        UUID.randomUUID().toString(),
        command.wireName(),
        vmi == null ? null : Serialization.toTree(vmi));
  }

  private Response call(Command command, VirtualMachineInstance vmi, Duration timeout)
      throws IOException, CommandException {
    try (SocketChannel channel = open()) {
      LineChannel lines = new LineChannel(channel);
      lines.writeLine(Serialization.toJson(request(command, vmi)));
      Response response = readResponse(lines, timeout, channel);
      if (!response.ok()) {
        throw new CommandException(response.errorCode(), response.error());
      }
      return response;
    }
  }

  private SocketChannel open() throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
      return channel;
    } catch (IOException e) {
      channel.close();
      throw new IOException("cannot reach the launcher at " + socket + ": " + e.getMessage(), e);
    }
  }

  private Response readResponse(LineChannel lines, Duration timeout, SocketChannel channel)
      throws IOException {
    Future<String> line = IO.submit(lines::readLine);
    try {
      String text = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (text == null) {
        throw new IOException(
            "the launcher at " + socket + " closed the connection without answering");
      }
      return JSON.readValue(text, Response.class);
    } catch (TimeoutException e) {
      channel.close();
      throw new IOException("the launcher at " + socket + " did not answer within " + timeout, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      channel.close();
      throw new IOException("interrupted while waiting for the launcher", e);
    }
  }
}
