package dev.kafkapool.sample.security;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when API security is on: {@code sample.security.enabled} read as {@link ApiSecurityProperties}
 * binds it ({@code true}, {@code on}, {@code yes} or {@code 1}, in any case; a value that is none of
 * these nor their opposites stops startup). {@code @ConditionalOnBooleanProperty} would read
 * {@code SAMPLE_SECURITY_ENABLED=1} as off while the properties read it as on; one reading,
 * {@link #isOn(Environment)}, decides the chain, {@link SpringSecurityExclusion} and
 * {@link ApiSecurityGuard} alike.
 */
final class OnApiSecurityCondition extends SpringBootCondition {

    static final String ENABLED = "sample.security.enabled";

    static boolean isOn(Environment environment) {
        return Binder.get(environment).bind(ENABLED, Boolean.class).orElse(false);
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return isOn(context.getEnvironment()) ? ConditionOutcome.match(ENABLED + " is on")
                : ConditionOutcome.noMatch(ENABLED + " is off");
    }

}
