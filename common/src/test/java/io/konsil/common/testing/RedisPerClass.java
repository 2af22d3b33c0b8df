package io.konsil.common.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real redis-server of a test class's own, started before its first test and stopped after its last. Register it:
 * {@code @RegisterExtension static final RedisPerClass REDIS = new RedisPerClass();}.
 */
public final class RedisPerClass implements BeforeAllCallback, AfterAllCallback {
  private RedisProcess redis;

  @Override
  public void beforeAll(ExtensionContext context) {
    redis = RedisProcess.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (redis != null) {
      redis.close();
    }
  }

  public String uri() {
    return redis.uri();
  }

  /** Runs {@code redis-cli -p PORT args...}: its output (an array reply one element a line). */
  public String cli(String... args) {
    return redis.cli(args);
  }

  /** A command through redis-cli, as an operator would type it; its reply. */
  public String call(String... command) {
    return redis.call(command);
  }
}
