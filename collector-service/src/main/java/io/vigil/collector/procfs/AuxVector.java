package io.vigil.collector.procfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Values the kernel hands every process at start ({@code /proc/self/auxv}, getauxval(3)): the
 * clock tick of {@code /proc} times and the page size, without a {@code getconf} child or a
 * native library.
 */
public final class AuxVector {

    /** {@code AT_PAGESZ}: bytes per page, the unit of resident memory in {@code /proc/<pid>/stat}. */
    public static final int PAGE_SIZE = 6;
    /** {@code AT_CLKTCK}: clock ticks per second ({@code USER_HZ}), the unit of CPU times in {@code /proc}. */
    public static final int CLOCK_TICKS = 17;

    private AuxVector() {
    }

    /** The value of {@code type} in this process's auxiliary vector; empty off Linux or if absent. */
    public static OptionalLong ofThisProcess(int type) {
        try {
            byte[] auxv = Files.readAllBytes(Path.of("/proc/self/auxv"));
            int wordBytes = "32".equals(System.getProperty("sun.arch.data.model")) ? 4 : 8;
            return value(auxv, wordBytes, ByteOrder.nativeOrder(), type);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The value of {@code type} in an auxiliary vector: pairs of machine words (type, value) in the
     * machine's byte order, ending with type 0.
     */
    static OptionalLong value(byte[] auxv, int wordBytes, ByteOrder order, int type) {
        ByteBuffer buffer = ByteBuffer.wrap(auxv).order(order);
        while (buffer.remaining() >= 2 * wordBytes) {
            long key = wordBytes == 8 ? buffer.getLong() : Integer.toUnsignedLong(buffer.getInt());
            long value = wordBytes == 8 ? buffer.getLong() : Integer.toUnsignedLong(buffer.getInt());
            if (key == 0) {
                break;
            }
            if (key == type) {
                return OptionalLong.of(value);
            }
        }
        return OptionalLong.empty();
    }
}
