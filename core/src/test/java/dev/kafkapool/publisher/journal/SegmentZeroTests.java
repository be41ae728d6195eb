package dev.kafkapool.publisher.journal;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How recovery tells an unwritten stretch of a segment (zeros only) from a damaged one. */
class SegmentZeroTests {

    @Test
    void aStretchIsZeroOnlyWhenEveryByteInItIs() {
        SplittableRandom random = new SplittableRandom(17);
        for (int round = 0; round < 2_000; round++) {
            ByteBuffer view = ByteBuffer.allocate(64);
            int from = random.nextInt(0, 64);
            int to = random.nextInt(from, 65);
            int dirty = random.nextInt(0, 64);
            view.put(dirty, (byte) (1 + random.nextInt(255)));
            boolean expected = dirty < from || dirty >= to;
            assertThat(SegmentFormat.isZero(view, from, to)).as("byte %d set, stretch [%d, %d)", dirty, from, to)
                .isEqualTo(expected);
        }
    }

    @Test
    void aStretchNotAMultipleOfEightIsCheckedToItsLastByte() {
        ByteBuffer view = ByteBuffer.allocate(16);
        view.put(4, (byte) 1);
        assertThat(SegmentFormat.isZero(view, 0, 5)).isFalse();
        assertThat(SegmentFormat.isZero(view, 0, 4)).isTrue();
        assertThat(SegmentFormat.isZero(view, 5, 16)).isTrue();
    }

}
