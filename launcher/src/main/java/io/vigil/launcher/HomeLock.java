package io.vigil.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One launcher per home. The OS releases the lock when the launcher dies, even by SIGKILL, so a
 * held lock really means another live {@code vigil up}, and anything else found running on our
 * data is an orphan we may stop.
 */
public final class HomeLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static HomeLock acquire(VigilHome home) throws IOException {
        Files.createDirectories(home.dir());
        Path file = home.dir().resolve("launcher.lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new LauncherException("Vigil is already running from " + home.root()
                    + " (another `vigil up` holds " + file + ")");
        }
        return new HomeLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
