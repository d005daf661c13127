package dev.convoy.kubemock;

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
 * Runs the end of each watch of a fabric8 mock API server (its listener's {@code onClosed}/{@code
 * onFailure}) off the server's Vert.x event loop.
 *
 * <p>Why: fabric8's watch listener (7.9) waits there up to a minute for its send executor to drain,
 * and a send on that executor waits up to 30 s for the same event loop to complete the write. A
 * client closing a watch while events are in flight for it (a controller or node agent stopping,
 * {@code kubectl get -w} interrupted on a busy runtime) stalled every connection on that event loop
 * for about 30 s: a create timed out and was retried into 409, closing the server timed out. Off
 * the loop, the wait ends as soon as the loop completes the pending write.
 *
 * <p>Used by the local runtime's API server (handler) around its own watch responses and by the
 * tests' mock server ({@link #around}).
 */
public final class WatchEndsOffEventLoop implements AutoCloseable {

  private final ExecutorService ends;

  /** Ends watches on daemon threads named {@code threadName}. */
  public WatchEndsOffEventLoop(String threadName) {
    this.ends =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
  }

  /** {@code response} with its WebSocket listener, if any, ending off the event loop. */
  public MockResponse wrap(MockResponse response) {
    WebSocketListener listener = response == null ? null : response.getWebSocketListener();
    return listener == null ? response : response.withWebSocketUpgrade(new Listener(listener));
  }

  /**
   * {@code dispatcher} with its watches ending off the event loop; releasing its resources closes
   * this.
   */
  public Dispatcher around(Dispatcher dispatcher) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return wrap(dispatcher.dispatch(request));
      }

      @Override
      public void shutdown() {
        dispatcher.shutdown();
      }

      @Override
      public void releaseResources() {
        dispatcher.releaseResources();
        close();
      }
    };
  }

  @Override
  public void close() {
    ends.shutdown();
  }

  private void offEventLoop(Runnable end) {
    try {
      ends.execute(end);
    } catch (RejectedExecutionException e) {
      end.run(); // the server is shutting down: nothing waits on its event loop any more
    }
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
}
