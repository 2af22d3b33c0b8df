package io.konsil.signaling.lobby;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The waiting room of one consultation: participant ids in order of arrival. Positions are 1-based, as shown to the
 * person waiting ("you are number 2").
 */
public final class Lobby {
  private final LinkedHashSet<String> waiting = new LinkedHashSet<>();
  private boolean enabled = true;

  public boolean enabled() {
    return enabled;
  }

  public void enabled(boolean enabled) {
    this.enabled = enabled;
  }

  public void enter(String participantId) {
    waiting.add(participantId);
  }

  /** Removes {@code participantId}; returns whether it was waiting. */
  public boolean leave(String participantId) {
    return waiting.remove(participantId);
  }

  public boolean contains(String participantId) {
    return waiting.contains(participantId);
  }

  /** 1-based position, 0 when not waiting. */
  public int position(String participantId) {
    int i = 1;
    for (String id : waiting) {
      if (id.equals(participantId)) {
        return i;
      }
      i++;
    }
    return 0;
  }

  /** Waiting participant ids in order. */
  public List<String> queue() {
    return new ArrayList<>(waiting);
  }

  public int size() {
    return waiting.size();
  }
}
