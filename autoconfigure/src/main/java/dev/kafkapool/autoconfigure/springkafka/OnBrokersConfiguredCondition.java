package dev.kafkapool.autoconfigure.springkafka;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.kafkapool.autoconfigure.SettingNames;

/** Matches when {@code kafka.brokers} binds to a non-empty list, in any of its forms. */
final class OnBrokersConfiguredCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        List<String> brokers = Binder.get(context.getEnvironment())
            .bind("kafka.brokers", Bindable.listOf(String.class))
            .orElse(List.of());
        return brokers.isEmpty() ? ConditionOutcome.noMatch("kafka.brokers (" + SettingNames.BROKERS + ") is not set")
                : ConditionOutcome.match("kafka.brokers is " + String.join(",", brokers));
    }

}
