package dev.kafkapool.autoconfigure.aot;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.io.InputStreamSource;
import org.springframework.javapoet.ClassName;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring AOT's processing writes the build's settings beside the generated definitions, once. */
class AotSettingsRecorderTests {

    @Test
    void theBuildsSettingsAreWrittenAsAResourceTheCheckReadsBack() throws IOException {
        MockEnvironment build = new MockEnvironment().withProperty("kafka.brokers", "set-at-run-time:9093")
            .withProperty("kafka.fail-fast", "0");
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerSingleton("environment", build);
        InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();

        BeanFactoryInitializationAotContribution contribution = new AotSettingsRecorder().processAheadOfTime(beanFactory);
        contribution.applyTo(new DefaultGenerationContext(new ClassNameGenerator(ClassName.get("com.example", "App")),
                files), null);

        InputStreamSource written = files.getGeneratedFile(Kind.RESOURCE, AotSettings.RESOURCE);
        assertThat(written).isNotNull();
        try (InputStream in = written.getInputStream()) {
            assertThat(AotSettings.read(in)).isEqualTo(AotSettings.of(build))
                .containsEntry("kafka.fail-fast", "off")
                .containsEntry("kafka.brokers", "set");
        }
    }

    @Test
    void aChildContextLikeTheActuatorsOwnPortWritesNothing() {
        DefaultListableBeanFactory parent = new DefaultListableBeanFactory();
        DefaultListableBeanFactory child = new DefaultListableBeanFactory(parent);
        child.registerSingleton("environment", new MockEnvironment());

        assertThat(new AotSettingsRecorder().processAheadOfTime(child)).isNull();
    }

}
