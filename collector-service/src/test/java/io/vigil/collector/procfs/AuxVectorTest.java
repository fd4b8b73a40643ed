package io.vigil.collector.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AuxVectorTest {

    @Test
    void findsTheClockTickAndPageSizeIn64BitLittleEndianPairs() {
        byte[] auxv = words(8, ByteOrder.LITTLE_ENDIAN, 33, 0x7ffd1234L, 6, 4096, 17, 100, 3, 0x400040, 0, 0);

        assertThat(AuxVector.value(auxv, 8, ByteOrder.LITTLE_ENDIAN, AuxVector.CLOCK_TICKS)).hasValue(100);
        assertThat(AuxVector.value(auxv, 8, ByteOrder.LITTLE_ENDIAN, AuxVector.PAGE_SIZE)).hasValue(4096);
    }

    @Test
    void reads32BitBigEndianVectorsToo() {
        byte[] auxv = words(4, ByteOrder.BIG_ENDIAN, 6, 65536, 17, 1024, 0, 0);

        assertThat(AuxVector.value(auxv, 4, ByteOrder.BIG_ENDIAN, AuxVector.PAGE_SIZE)).hasValue(65536);
        assertThat(AuxVector.value(auxv, 4, ByteOrder.BIG_ENDIAN, AuxVector.CLOCK_TICKS)).hasValue(1024);
    }

    @Test
    void nothingAfterTheEndMarkerCountsAndAMissingTypeIsEmpty() {
        byte[] auxv = words(8, ByteOrder.LITTLE_ENDIAN, 6, 4096, 0, 0, 17, 100);

        assertThat(AuxVector.value(auxv, 8, ByteOrder.LITTLE_ENDIAN, AuxVector.CLOCK_TICKS)).isEqualTo(OptionalLong.empty());
        assertThat(AuxVector.value(new byte[0], 8, ByteOrder.LITTLE_ENDIAN, AuxVector.PAGE_SIZE)).isEmpty();
    }

    @Test
    void thisLinuxProcessHasBoth() {
        long pageSize = AuxVector.ofThisProcess(AuxVector.PAGE_SIZE).orElseThrow();
        long clockTicks = AuxVector.ofThisProcess(AuxVector.CLOCK_TICKS).orElseThrow();

        assertThat(pageSize).isPositive().matches(p -> Long.bitCount(p) == 1, "a power of two");
        assertThat(clockTicks).isPositive();
    }

    private static byte[] words(int wordBytes, ByteOrder order, long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * wordBytes).order(order);
        for (long v : values) {
            if (wordBytes == 8) {
                buffer.putLong(v);
            } else {
                buffer.putInt((int) v);
            }
        }
        return buffer.array();
    }
}
