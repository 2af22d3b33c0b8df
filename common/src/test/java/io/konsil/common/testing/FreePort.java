package io.konsil.common.testing;

import java.io.IOException;
import java.net.ServerSocket;

/** A free TCP port on loopback for a server under test. */
public final class FreePort {
  private FreePort() {}

  public static int find() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
