package io.vigil.alert.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HeldFramesTest {

    private final HeldFrames held = new HeldFrames();

    @Test
    void framesOfAHeldConnectionAreKeptAndReleasedInOrderOthersAreTheCallersToSend() {
        held.hold("a");

        assertThat(held.offer("a", "1")).isTrue();
        assertThat(held.offer("a", "2")).isTrue();
        assertThat(held.offer("b", "x")).as("not held").isFalse();

        assertThat(held.release("a")).containsExactly("1", "2");
        assertThat(held.offer("a", "3")).as("released: sent directly").isFalse();
        assertThat(held.release("a")).isEmpty();
    }

    @Test
    void aClosedConnectionKeepsNothing() {
        held.hold("a");
        held.offer("a", "1");

        held.forget("a");

        assertThat(held.offer("a", "2")).isFalse();
        assertThat(held.release("a")).isEmpty();
    }

    @Test
    void everyFrameOfferedDuringAReleaseIsEitherKeptAndReleasedOrLeftToTheCaller() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 200; round++) {
                held.hold("c");
                List<String> sentDirectly = Collections.synchronizedList(new ArrayList<>());
                CountDownLatch start = new CountDownLatch(1);
                CountDownLatch done = new CountDownLatch(3);
                for (int t = 0; t < 3; t++) {
                    int thread = t;
                    threads.execute(() -> {
                        try {
                            start.await();
                            for (int i = 0; i < 100; i++) {
                                String frame = thread + "-" + i;
                                if (!held.offer("c", frame)) {
                                    sentDirectly.add(frame);
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            done.countDown();
                        }
                    });
                }
                start.countDown();
                List<String> released = held.release("c");
                assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();

                List<String> all = new ArrayList<>(released);
                all.addAll(sentDirectly);
                assertThat(all).hasSize(300).doesNotHaveDuplicates();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
