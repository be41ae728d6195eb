package dev.kafkapool.autoconfigure.aot;

import java.nio.charset.StandardCharsets;

import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ByteArrayResource;

/**
 * Writes {@link AotSettings} of the build to {@link AotSettings#RESOURCE} when Spring AOT
 * generates the application's bean definitions ({@code process-aot}), for {@link AotSettingsCheck}
 * to compare at run time. A child context (the actuator's own port) has the application's
 * environment and writes nothing.
 */
final class AotSettingsRecorder implements BeanFactoryInitializationAotProcessor {

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        if (beanFactory.getParentBeanFactory() != null || !beanFactory.containsBean("environment")) {
            return null;
        }
        String content = AotSettings.write(AotSettings.of(beanFactory.getBean("environment", Environment.class)));
        return (generationContext, code) -> generationContext.getGeneratedFiles()
            .handleFile(Kind.RESOURCE, AotSettings.RESOURCE, (file) -> file
                .override(new ByteArrayResource(content.getBytes(StandardCharsets.ISO_8859_1))));
    }

}
