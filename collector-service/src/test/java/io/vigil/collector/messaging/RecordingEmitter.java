package io.vigil.collector.messaging;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/** An emitter that keeps what it was given, or refuses everything when told to. */
public final class RecordingEmitter implements Emitter<String> {

    public final List<Message<? extends String>> messages = new CopyOnWriteArrayList<>();
    public volatile boolean refuse;

    @Override
    public CompletionStage<Void> send(String payload) {
        send(Message.of(payload));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public <M extends Message<? extends String>> void send(M message) {
        if (refuse) {
            throw new IllegalStateException("buffer full");
        }
        messages.add(message);
    }

    @Override
    public void complete() {
    }

    @Override
    public void error(Exception e) {
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public boolean hasRequests() {
        return true;
    }
}
