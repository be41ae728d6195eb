package dev.kafkapool.publisher.journal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/** Ordered stores into a buffer: a record's state byte is written after everything it covers. */
final class ByteBuffers {

    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class,
            java.nio.ByteOrder.BIG_ENDIAN);

    private ByteBuffers() {
    }

    /**
     * Stores {@code value} at {@code index} after every store the thread made before it. A byte
     * view handle does not exist, so the aligned int holding the byte is read and written whole;
     * only one writer ever changes a record's state word.
     */
    static void putByteRelease(ByteBuffer buffer, int index, byte value) {
        int aligned = index & ~3;
        int shift = (3 - (index & 3)) * 8;
        int word = (int) INTS.getAcquire(buffer, aligned);
        int updated = (word & ~(0xFF << shift)) | ((value & 0xFF) << shift);
        INTS.setRelease(buffer, aligned, updated);
    }

}
