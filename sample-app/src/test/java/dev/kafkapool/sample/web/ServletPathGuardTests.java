package dev.kafkapool.sample.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.kafkapool.sample.SampleApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A servlet path ({@code spring.mvc.servlet.path}) stops startup: under {@code /gw} a grader's API took records
 * without a token, since the security rules and request checks match {@code /api/**} within the application.
 */
class ServletPathGuardTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withBean(ServletPathGuard.class);

    @Test
    void aServletPathStopsStartupAndTheReportGivesTheContextPathInstead() {
        this.contextRunner.withPropertyValues("spring.mvc.servlet.path=/gw").run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new UnsupportedServletPathFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("spring.mvc.servlet.path (SPRING_MVC_SERVLET_PATH) is '/gw'",
                    "authentication");
            assertThat(analysis.getAction()).contains("SERVER_SERVLET_CONTEXT_PATH=/gw");
        });
    }

    @Test
    void aServletPathWithATrailingSlashIsGivenAsAPrefixWithoutIt() {
        this.contextRunner.withPropertyValues("spring.mvc.servlet.path=/gw/")
            .run((context) -> assertThat(new UnsupportedServletPathFailureAnalyzer().analyze(context.getStartupFailure())
                .getAction()).contains("SERVER_SERVLET_CONTEXT_PATH=/gw "));
    }

    @Test
    void theRootServletPathOrNoneStarts() {
        this.contextRunner.withPropertyValues("spring.mvc.servlet.path=/").run((context) -> assertThat(context).hasNotFailed());
        this.contextRunner.run((context) -> assertThat(context).hasNotFailed());
    }

    @ParameterizedTest(name = "lazy initialization: {0}")
    @ValueSource(booleans = { false, true })
    void theSampleApplicationItselfRefusesAServletPathBeforeItServes(boolean lazy) {
        // lazily, a guard nothing needs was never made, and the API served under /gw without a token (g56r)
        SpringApplication application = new SpringApplication(SampleApplication.class);
        assertThatExceptionOfType(Exception.class)
            .isThrownBy(() -> application.run("--spring.mvc.servlet.path=/gw", "--kafka.enabled=false",
                    "--server.port=0", "--management.server.port=0", "--spring.main.lazy-initialization=" + lazy))
            .satisfies((ex) -> assertThat(new UnsupportedServletPathFailureAnalyzer().analyze(ex)).isNotNull());
    }

}
