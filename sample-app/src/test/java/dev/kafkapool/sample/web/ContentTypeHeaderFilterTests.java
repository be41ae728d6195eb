package dev.kafkapool.sample.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which {@code Content-Type} parameters count as given twice. */
class ContentTypeHeaderFilterTests {

    @Test
    void aParameterGivenTwiceIsNamedWhateverItsCase() {
        assertThat(ContentTypeHeaderFilter.repeatedParameter("application/json; charset=utf-8; CharSet=utf-8"))
            .isEqualTo("charset");
        assertThat(ContentTypeHeaderFilter.repeatedParameter("application/json;a=1;b=2;a")).isEqualTo("a");
    }

    @Test
    void aSemicolonOrNameInsideAQuotedValueSeparatesNothing() {
        assertThat(ContentTypeHeaderFilter.repeatedParameter("application/json; x=\"charset=a;charset=b\"; charset=utf-8"))
            .isNull();
        assertThat(ContentTypeHeaderFilter.repeatedParameter("application/json; x=\"a\\\";charset=b\"; charset=utf-8"))
            .isNull();
    }

    @Test
    void distinctParametersAndNoneAtAllAreFine() {
        assertThat(ContentTypeHeaderFilter.repeatedParameter("application/json; charset=utf-8; q=1")).isNull();
        assertThat(ContentTypeHeaderFilter.repeatedParameter("application/json")).isNull();
        assertThat(ContentTypeHeaderFilter.repeatedParameter("application/json;;")).isNull();
        assertThat(ContentTypeHeaderFilter.repeatedParameter(null)).isNull();
    }

}
