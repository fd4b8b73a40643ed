package io.vigil.health.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SystemResolverTest {

    @Test
    void resolvesEveryAddressOfANameOffTheEventLoop() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (SystemResolver resolver = new SystemResolver(vertx)) {
            List<InetAddress> answers = resolver.resolve("localhost").toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);

            assertThat(answers).isNotEmpty().allSatisfy(a -> assertThat(a.isLoopbackAddress()).isTrue());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }
}
