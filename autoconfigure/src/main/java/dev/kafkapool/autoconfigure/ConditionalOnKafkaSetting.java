package dev.kafkapool.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when each named {@code kafka.*} switch is on (or, with {@code havingValue = false}, off), read exactly as {@link KafkaPoolProperties}
 * binds it: {@code true/false}, {@code 1/0}, {@code yes/no}, {@code on/off}, in any case. An unset
 * switch is on, the default of every kafka-pool switch. A value that is none of these stops startup
 * with a report naming its environment variable; it never counts as off. Use it instead of
 * {@code @ConditionalOnBooleanProperty}, which matches the text {@code true} only.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnKafkaSettingCondition.class)
public @interface ConditionalOnKafkaSetting {

    /**
     * The switches, e.g. {@code kafka.fail-fast}; the condition matches when all are on.
     * @return the property names
     */
    String[] value();

    /**
     * The value every switch must have for the condition to match: {@code true} (the default) or
     * {@code false}, e.g. for the beans that stand in for a feature switched off.
     * @return the value to match
     */
    boolean havingValue() default true;

}
