package dev.kafkapool.testsupport.embedded;

import java.lang.reflect.Parameter;
import java.util.Arrays;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.springframework.beans.factory.annotation.ParameterResolutionDelegate;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.test.context.support.TestConstructorUtils;

/**
 * Which parameters of a Spring test Spring's own extension resolves, by Spring's rules: an {@code @Autowired}
 * (or {@code @Qualifier}, {@code @Value}) parameter, and every parameter of a constructor Spring autowires (one
 * annotated {@code @Autowired}, or any under {@code @TestConstructor(autowireMode = ALL)} or
 * {@code spring.test.constructor.autowire.mode=all}). JUnit refuses a parameter two extensions claim, so the
 * kit leaves those to Spring: the cluster is a bean of the test's context, the same object. Only used when
 * spring-test is on the class path.
 */
final class SpringTestParameters {

    private SpringTestParameters() {
    }

    static boolean resolvedBySpring(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (!isSpringTest(extensionContext.getRequiredTestClass())) {
            return false;
        }
        Parameter parameter = parameterContext.getParameter();
        return TestConstructorUtils.isAutowirableConstructor(parameter.getDeclaringExecutable(),
                (name) -> extensionContext.getConfigurationParameter(name).orElse(null))
                || ParameterResolutionDelegate.isAutowirable(parameter, parameterContext.getIndex());
    }

    /**
     * Whether Spring's extension runs for {@code testClass}: declared on it, a superclass, or the class a
     * {@code @Nested} (inner) class is in; a static nested class is a test class of its own. (Spring's extension
     * registered with {@code @RegisterExtension} is not seen: then both extensions claim such a parameter.)
     */
    private static boolean isSpringTest(Class<?> testClass) {
        for (Class<?> type = testClass; type != null; type = ClusterSpec.enclosingOf(type)) {
            boolean spring = AnnotationSupport.findRepeatableAnnotations(type, ExtendWith.class)
                .stream()
                .anyMatch((extendWith) -> Arrays.asList(extendWith.value()).contains(SpringExtension.class));
            if (spring) {
                return true;
            }
        }
        return false;
    }

}
