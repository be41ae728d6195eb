package dev.kafkapool.autoconfigure.publisher;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

import org.springframework.beans.factory.ListableBeanFactory;

import dev.kafkapool.autoconfigure.KafkaPoolProducerCustomizer;

/**
 * How a failure report names a {@link KafkaPoolProducerCustomizer}: its class and, when it is a
 * bean, its bean name ({@code com.example.Config$$Lambda/0x…} alone does not say which one).
 */
final class CustomizerNames {

    private CustomizerNames() {
    }

    static Function<KafkaPoolProducerCustomizer, String> of(ListableBeanFactory beans) {
        Map<KafkaPoolProducerCustomizer, String> beanNames = new IdentityHashMap<>();
        beans.getBeansOfType(KafkaPoolProducerCustomizer.class).forEach((name, bean) -> beanNames.putIfAbsent(bean, name));
        return (customizer) -> {
            String type = customizer.getClass().getName();
            String name = beanNames.get(customizer);
            return (name != null) ? type + " (bean '" + name + "')" : type;
        };
    }

}
