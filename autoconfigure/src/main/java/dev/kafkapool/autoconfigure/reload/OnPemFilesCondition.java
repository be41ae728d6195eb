package dev.kafkapool.autoconfigure.reload;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.kafkapool.autoconfigure.ConditionInputs;

/**
 * Matches when the pool connects to {@code kafka.brokers} with client PEM files (a CA, or a
 * certificate and key), not through an SSL bundle or an application's service connection.
 */
final class OnPemFilesCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Binder binder = Binder.get(context.getEnvironment());
        if (ConditionInputs.hasText(binder, "kafka.tls.bundle")) {
            return ConditionOutcome.noMatch("an SSL bundle is used, not PEM files");
        }
        if (!ConditionInputs.hasBrokers(binder)) {
            return ConditionOutcome.noMatch("no kafka.brokers: the pool connects through a service connection");
        }
        if (ConditionInputs.hasPemFiles(binder)) {
            return ConditionOutcome.match("client PEM files are set");
        }
        return ConditionOutcome.noMatch("no client PEM file is set");
    }

}
