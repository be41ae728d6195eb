/**
 * The API's optional JWT bearer-token security ({@code SAMPLE_SECURITY_ENABLED}): Spring
 * Security's OAuth2 resource server, a scope per topic, and 401/403 answers as
 * {@code application/problem+json}.
 */
package dev.kafkapool.sample.security;
