package io.konsil.common.redis;

import io.vertx.core.Context;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands pub/sub messages from Lettuce's I/O thread to the subscribers' Vert.x contexts, in order, with one task (one
 * event-loop wake-up) per burst instead of one per message: under load, messages that arrive while a context is
 * still busy with earlier ones ride along with them.
 */
final class Inbox {
  private record Message(Consumer<String> handler, String text) {}

  private static final class Queued {
    final Queue<Message> messages = new ConcurrentLinkedQueue<>();
    final AtomicBoolean scheduled = new AtomicBoolean();
  }

  private final Map<Context, Queued> queues = new ConcurrentHashMap<>();

  void deliver(Context context, Consumer<String> handler, String text) {
    Queued q = queues.computeIfAbsent(context, c -> new Queued());
    q.messages.add(new Message(handler, text));
    if (q.scheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain(q));
    }
  }

  private static void drain(Queued q) {
    // Clear the flag first: a message added after the last poll schedules a new drain.
    q.scheduled.set(false);
    Message m;
    while ((m = q.messages.poll()) != null) {
      m.handler().accept(m.text());
    }
  }
}
