package io.konsil.signaling.network;

import io.vertx.core.Vertx;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The origins (scheme://host:port) of the network's other live nodes, refreshed every few seconds from the node
 * registry. The web client fails over to them, so the page's Content-Security-Policy must let it connect there.
 */
public final class NetworkOrigins {
  static final long REFRESH_MS = 5000;
  private final NodeRegistry nodes;
  private final String self;
  private volatile Set<String> origins = Set.of();
  private long timer = -1;

  public NetworkOrigins(NodeRegistry nodes, String selfUrl) {
    this.nodes = nodes;
    this.self = origin(selfUrl);
  }

  /** Refreshes now and every {@value #REFRESH_MS} ms; a lone node has no one to refresh from. */
  public void start(Vertx vertx) {
    if (!nodes.shared()) {
      return;
    }
    refresh();
    timer = vertx.setPeriodic(REFRESH_MS, id -> refresh());
  }

  public void stop(Vertx vertx) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** The last known origins of the other nodes (never this node's own). */
  public Set<String> snapshot() {
    return origins;
  }

  private void refresh() {
    // A failed read (Redis away) keeps the last list: the clients need it most when something is failing.
    nodes.nodes().onSuccess(list -> {
      Set<String> found = new LinkedHashSet<>();
      for (NodeInfo n : list) {
        String o = origin(n.url());
        if (o != null && !o.equals(self)) {
          found.add(o);
        }
      }
      origins = Set.copyOf(found);
    });
  }

  /** scheme://host[:port] of a URL, lower case, or null when it is not an absolute http(s) URL. */
  static String origin(String url) {
    if (url == null) {
      return null;
    }
    try {
      URI u = URI.create(url);
      String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!("http".equals(scheme) || "https".equals(scheme)) || u.getHost() == null) {
        return null;
      }
      return scheme + "://" + u.getHost().toLowerCase(java.util.Locale.ROOT) + (u.getPort() >= 0 ? ":" + u.getPort() : "");
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
