package dev.convoy.operator.testing;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The mock API server's watches, with their end handled off the server's Vert.x event loop.
 *
 * <p>Why: fabric8's watch listener (7.9) waits in {@code onClosed}/{@code onFailure}, on the event
 * loop, up to a minute for its send executor to drain, and a send on that executor waits up to 30 s
 * for the same event loop to complete the write. A client closing a watch while events are in
 * flight for it (an operator stopping while VMs still change) thus stalled every connection of the
 * server for about 30 s: a create timed out and was retried into 409, closing the server timed out.
 * Run elsewhere, the wait ends as soon as the event loop completes the pending write.
 */
public final class WatchCloseOffEventLoop extends Dispatcher {

  private final Dispatcher dispatcher;
  private final ExecutorService closer =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "mock-watch-close");
            t.setDaemon(true);
            return t;
          });

  /** Wraps {@code dispatcher}. */
  public WatchCloseOffEventLoop(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    MockResponse response = dispatcher.dispatch(request);
    WebSocketListener listener = response == null ? null : response.getWebSocketListener();
    return listener == null ? response : response.withWebSocketUpgrade(new Listener(listener));
  }

  @Override
  public void shutdown() {
    dispatcher.shutdown();
  }

  @Override
  public void releaseResources() {
    dispatcher.releaseResources();
    closer.shutdown();
  }

  private final class Listener extends WebSocketListener {
    private final WebSocketListener listener;

    Listener(WebSocketListener listener) {
      this.listener = listener;
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
      listener.onBeforeAccept(webSocket, response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      listener.onOpen(webSocket, response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      listener.onMessage(webSocket, text);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
      listener.onMessage(webSocket, bytes);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
      listener.onMessage(webSocket, bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      listener.onClosing(webSocket, code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      offEventLoop(() -> listener.onClosed(webSocket, code, reason));
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
      offEventLoop(() -> listener.onFailure(webSocket, error, response));
    }
  }

  private void offEventLoop(Runnable end) {
    try {
      closer.execute(end);
    } catch (RejectedExecutionException e) {
      end.run(); // the server is shutting down: nothing waits on its event loop any more
    }
  }
}
