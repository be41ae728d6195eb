package dev.kafkapool.autoconfigure;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition of {@link ConditionalOnKafkaSetting}: binds each switch to {@link Boolean} with
 * Spring Boot's {@link Binder}, the way the settings themselves are bound, so that a condition and
 * the bean it guards never disagree on what a value means. An unparsable value throws the
 * binder's {@code BindException}, which the failure analyzer reports by environment variable.
 */
final class OnKafkaSettingCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnKafkaSetting.class.getName());
        String[] names = (String[]) attributes.get("value");
        boolean wanted = (Boolean) attributes.get("havingValue");
        Binder binder = Binder.get(context.getEnvironment());
        ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnKafkaSetting.class);
        for (String name : names) {
            boolean on = ConditionInputs.isOn(binder, name);
            if (on != wanted) {
                return ConditionOutcome.noMatch(message.because(SettingNames.describe(name) + " is " + (on ? "on" : "off")));
            }
        }
        return ConditionOutcome.match(message.because(String.join(", ", names) + (wanted ? " on" : " off")));
    }

}
