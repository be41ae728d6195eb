package dev.kafkapool.autoconfigure.reload;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.kafkapool.autoconfigure.ConditionInputs;

/** Matches when the pool's TLS comes from a named Spring Boot SSL bundle ({@code kafka.tls.bundle}). */
final class OnSslBundleCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return ConditionInputs.hasText(Binder.get(context.getEnvironment()), "kafka.tls.bundle")
                ? ConditionOutcome.match("an SSL bundle is named") : ConditionOutcome.noMatch("no SSL bundle is named");
    }

}
