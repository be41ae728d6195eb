package dev.kafkapool.sample.web;

import java.util.List;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.type.LogicalType;

/**
 * Makes request bodies strict: an unknown field (a typo such as {@code "sensitve"} would otherwise
 * publish a secret as not sensitive) and a value of the wrong JSON type ({@code "key": 42},
 * {@code "sensitive": "yes"}) are 400s instead of being silently ignored or converted, and so is a
 * name given twice in one object (two {@code records} arrays, two headers of one name, a key twice
 * in a value: the last one would win, and the record would not be what the client sent). Numbers in
 * free-form JSON values keep their precision, so a published value means what the client sent.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

    /**
     * Spring MVC's JSON converter, where it stands in the list, replaced by one of the same mapper that is quiet
     * about a body it cannot read. (A converter bean would go first in the list, before the one that writes
     * springdoc's {@code byte[]} documents as they are, and Spring Boot's would back off.)
     */
    @Bean
    WebMvcConfigurer quietJsonReading() {
        return new WebMvcConfigurer() {
            @Override
            public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
                converters.replaceAll((converter) -> (converter instanceof JacksonJsonHttpMessageConverter json
                        && !(converter instanceof QuietJsonHttpMessageConverter))
                                ? new QuietJsonHttpMessageConverter(json.getMapper()) : converter);
            }
        };
    }

    @Bean
    JsonMapperBuilderCustomizer strictRequestBodies() {
        return (builder) -> builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .withCoercionConfig(LogicalType.Textual, (config) -> config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, (config) -> config
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, (config) -> config
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail));
    }

}
