/**
 * Rates per client of the sample's API ({@code SAMPLE_CLIENT_LIMITS_*}): per token subject, or per
 * remote address without security; on top of the pool's rates per topic.
 */
package dev.kafkapool.sample.limits;
