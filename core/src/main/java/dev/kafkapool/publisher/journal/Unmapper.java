package dev.kafkapool.publisher.journal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;

/**
 * Unmaps a segment's memory at once, rather than when the garbage collector gets to it, so that a
 * deleted segment gives its disk back (a mapped file's blocks stay taken while any mapping lives).
 * Uses {@code sun.misc.Unsafe.invokeCleaner}, as Lucene and Netty do; without it (another JVM), the
 * garbage collector unmaps later. The caller guarantees that nothing touches the buffer afterwards.
 * Frees a direct buffer's memory the same way.
 */
final class Unmapper {

    private static final MethodHandle INVOKE_CLEANER = invokeCleaner();

    private Unmapper() {
    }

    static void unmap(ByteBuffer buffer) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invokeExact(buffer);
        }
        catch (Throwable ex) {
            // left to the garbage collector
        }
    }

    private static MethodHandle invokeCleaner() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            return MethodHandles.lookup()
                .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                .bindTo(unsafe);
        }
        catch (ReflectiveOperationException | RuntimeException ex) {
            return null;
        }
    }

}
