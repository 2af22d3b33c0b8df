package io.konsil.bench.harness;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/**
 * Joins a room over {@code /signal/{room}?jwt=...} and completes once the server's {@code welcome} arrives (Konsil and
 * the baseline both send one), handing back the socket and the participant id the server assigned.
 */
public final class SignalClient {
  private SignalClient() {}

  public record Joined(WebSocket ws, String participantId, JsonObject welcome) {}

  public static Future<Joined> join(WebSocketClient client, String host, int port, String room, String token) {
    String uri = "/signal/" + room + (token == null ? "" : "?jwt=" + token);
    return client.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri).setTimeout(30_000))
        .compose(ws -> {
          Promise<Joined> welcomed = Promise.promise();
          ws.textMessageHandler(text -> {
            JsonObject frame = new JsonObject(text);
            String type = frame.getString("type");
            if ("welcome".equals(type)) {
              ws.textMessageHandler(null);
              welcomed.tryComplete(new Joined(ws, frame.getString("participantId"), frame));
            } else if ("error".equals(type)) {
              welcomed.tryFail("join " + room + " refused: " + text);
              ws.close();
            }
          });
          ws.closeHandler(v -> welcomed.tryFail("join " + room + " closed before welcome: " + ws.closeStatusCode()
              + " " + ws.closeReason()));
          return welcomed.future();
        });
  }
}
