package dev.kafkapool.autoconfigure.health;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

/**
 * Adds the {@code kafka} contributor to the readiness group, so an orchestrator stops routing
 * traffic while Kafka is unreachable. Liveness is left alone: a Kafka outage must never restart
 * the application. Registered only when the {@code kafka} indicator exists and the application
 * does not set {@code management.endpoint.health.group.readiness.include} itself; runs after
 * Spring Boot's availability-probes post-processor, which creates the readiness group.
 */
final class KafkaReadinessGroupPostProcessor implements HealthEndpointGroupsPostProcessor {

    static final String READINESS = "readiness";

    static final String KAFKA = "kafka";

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        return (groups.get(READINESS) != null) ? new WithKafkaInReadiness(groups) : groups;
    }

    /** The groups, with {@code kafka} a member of readiness. */
    private static final class WithKafkaInReadiness implements HealthEndpointGroups, AdditionalPathsMapper {

        private final HealthEndpointGroups groups;

        WithKafkaInReadiness(HealthEndpointGroups groups) {
            this.groups = groups;
        }

        @Override
        public HealthEndpointGroup getPrimary() {
            return this.groups.getPrimary();
        }

        @Override
        public Set<String> getNames() {
            return this.groups.getNames();
        }

        @Override
        public @Nullable HealthEndpointGroup get(String name) {
            HealthEndpointGroup group = this.groups.get(name);
            return (group != null && READINESS.equals(name)) ? new Including(group) : group;
        }

        @Override
        public @Nullable List<String> getAdditionalPaths(EndpointId endpointId, WebServerNamespace namespace) {
            return (this.groups instanceof AdditionalPathsMapper mapper) ? mapper.getAdditionalPaths(endpointId, namespace)
                    : null;
        }

    }

    /** A group that also counts {@code kafka} as a member. */
    private static final class Including implements HealthEndpointGroup {

        private final HealthEndpointGroup group;

        Including(HealthEndpointGroup group) {
            this.group = group;
        }

        @Override
        public boolean isMember(String name) {
            return KAFKA.equals(name) || this.group.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return this.group.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return this.group.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return this.group.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return this.group.getHttpCodeStatusMapper();
        }

        @Override
        public @Nullable AdditionalHealthEndpointPath getAdditionalPath() {
            return this.group.getAdditionalPath();
        }

    }

}
