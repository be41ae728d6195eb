package dev.kafkapool.autoconfigure.springkafka;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.kafkapool.autoconfigure.ConditionInputs;
import dev.kafkapool.autoconfigure.SettingNames;

/**
 * Matches when {@code kafka.brokers} names at least one broker, in any of its forms: read the way
 * the other conditions and the Spring AOT settings check read it ({@link ConditionInputs}).
 */
final class OnBrokersConfiguredCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return ConditionInputs.hasBrokers(Binder.get(context.getEnvironment()))
                ? ConditionOutcome.match("kafka.brokers (" + SettingNames.BROKERS + ") is set")
                : ConditionOutcome.noMatch("kafka.brokers (" + SettingNames.BROKERS + ") is not set");
    }

}
