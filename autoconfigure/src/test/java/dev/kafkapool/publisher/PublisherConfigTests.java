package dev.kafkapool.publisher;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PublisherConfigTests {

    @Test
    void theLargestRecordIsTheProducersMaxRequestSize() {
        assertThat(config(Map.of()).maxRecordBytes()).isEqualTo(1024 * 1024);
        assertThat(config(Map.of("max.request.size", "2048")).maxRecordBytes()).isEqualTo(2048);
    }

    @Test
    void aMaxRequestSizeThatIsNotANumberIsRejectedByName() {
        assertThatIllegalArgumentException().isThrownBy(() -> config(Map.of("max.request.size", "big")))
            .withMessageContaining("max.request.size");
    }

    @Test
    void aPoolWithoutWorkersIsRejected() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> PublisherConfig.builder().label("test-pool").workers(0).build())
            .withMessageContaining("workers");
    }

    private static PublisherConfig config(Map<String, Object> producer) {
        return PublisherConfig.builder().label("test-pool").producerProperties(producer).build();
    }

}
