/**
 * Startup diagnosis: the exception that explains why the pool cannot start, and the failure
 * analyzer that turns it into Spring Boot's failure report.
 */
package dev.kafkapool.autoconfigure.diagnostics;
