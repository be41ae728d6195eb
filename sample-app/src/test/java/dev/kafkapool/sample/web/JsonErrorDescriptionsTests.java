package dev.kafkapool.sample.web;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The sentence a client reads for a body Jackson could not read: it says where and what, and
 * never quotes the input.
 */
class JsonErrorDescriptionsTests {

    record Line(Integer quantity, long total, short small) {
    }

    record Order(List<Line> lines) {
    }

    private final JsonMapper mapper = JsonMapper.builder().build();

    @ParameterizedTest
    @ValueSource(strings = { "2147483650", "-2147483650", "99999999999999999999999" })
    void anIntegerOutOfRangeNamesTheFieldAndTheRangeNotTheNumber(String number) {
        String description = describe("{\"lines\":[{\"quantity\":" + number + "}]}");
        assertThat(description).isEqualTo("Field 'lines[0].quantity' must be a whole number from -2147483648 to "
                + "2147483647");
        assertThat(description).doesNotContain(number);
    }

    record Value(JsonNode value) {
    }

    @ParameterizedTest
    @ValueSource(strings = { "1e2147483648", "0.1e-2147483647", "-1E-2147483649" })
    void aNumberWhoseScaleTheReaderCannotHoldNamesTheBoundNotTheNumber(String number) {
        // as the sample reads values: decimals kept whole (USE_BIG_DECIMAL_FOR_FLOATS)
        JsonMapper decimals = JsonMapper.builder().enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
        JacksonException failure = catchThrowableOfType(JacksonException.class,
                () -> decimals.readValue("{\"value\":" + number + "}", Value.class));
        assertThat(failure).as("a failure reading " + number).isNotNull();
        assertThat(JsonErrorDescriptions.describe(failure))
            .startsWith("Field 'value' has an exponent the JSON reader cannot hold")
            .contains("from -2147483648 to 2147483647")
            .doesNotContain(number);
    }

    record Checked(int total) {

        Checked {
            // an application's own arithmetic failing is not a number the reader cannot hold
            Math.addExact(total, Integer.MAX_VALUE);
        }

    }

    @Test
    void anArithmeticFailureOfTheApplicationIsNotCalledAnExponentTheReaderCannotHold() {
        JacksonException failure = catchThrowableOfType(JacksonException.class,
                () -> this.mapper.readValue("{\"total\":5}", Checked.class));
        assertThat(failure).isNotNull();
        assertThat(JsonErrorDescriptions.describe(failure)).doesNotContain("exponent");
    }

    @Test
    void aDecimalWhereAWholeNumberIsExpectedAsksForAWholeNumber() {
        // as the sample refuses it: no coercion of a decimal to an integer
        JsonMapper strict = JsonMapper.builder().withCoercionConfig(LogicalType.Integer,
                (config) -> config.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)).build();
        assertThat(describe(strict, "{\"lines\":[{\"quantity\":2.0}]}"))
            .isEqualTo("Field 'lines[0].quantity' must be a whole number");
    }

    @Test
    void twoObjectsInARowAreOneValueTooManyNotAnObjectMissing() {
        assertThat(describe("{\"lines\":[]} {\"lines\":[]}"))
            .startsWith("The body holds more than one JSON value")
            .endsWith("; send one object");
    }

    @Test
    void aLongOutOfRangeNamesItsRange() {
        assertThat(describe("{\"lines\":[{\"total\":9223372036854775808}]}"))
            .isEqualTo("Field 'lines[0].total' must be a whole number from -9223372036854775808 to 9223372036854775807");
    }

    @Test
    void aShortOutOfRangeNamesItsRange() {
        assertThat(describe("{\"lines\":[{\"small\":40000}]}"))
            .isEqualTo("Field 'lines[0].small' must be a whole number from -32768 to 32767");
    }

    @Test
    void aNumberLongerThanTheReaderTakesIsALimitNotInvalidJson() {
        JsonMapper limited = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(10).build())
            .build()).build();
        String digits = "1".repeat(20);
        String description = describe(limited, "{\"lines\":[{\"total\":" + digits + "}]}");
        // where it is, as for any other field
        assertThat(description).startsWith("The body exceeds a limit of the JSON reader within 'lines[0]': ")
            .doesNotContain("not valid JSON")
            .doesNotContain(digits);
    }

    @Test
    void aNameTwiceInOneObjectSaysSoWithoutQuotingIt() {
        JsonMapper strict = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        String description = describe(strict, "{\"lines\":[{\"total\":1,\"total\":2}]}");
        assertThat(description).startsWith("The body has a name twice in one object (line 1, column")
            .doesNotContain("total");
    }

    @Test
    void brokenJsonIsStillNotValidJsonWithItsPosition() {
        assertThat(describe("{\"lines\":[")).startsWith("The body is not valid JSON (line 1, column");
    }

    private String describe(String body) {
        return describe(this.mapper, body);
    }

    private static String describe(JsonMapper mapper, String body) {
        JacksonException failure = catchThrowableOfType(JacksonException.class, () -> mapper.readValue(body, Order.class));
        assertThat(failure).as("a failure reading " + body).isNotNull();
        return JsonErrorDescriptions.describe(failure);
    }

}
